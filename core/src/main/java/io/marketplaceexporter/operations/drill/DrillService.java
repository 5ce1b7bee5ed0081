package io.marketplaceexporter.operations.drill;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.DrillsConfig;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.PrometheusApiConfig;
import io.marketplaceexporter.ingest.FieldError;
import io.marketplaceexporter.ingest.IngestResult;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.DeliveryListener;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.storage.StorageMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs fault drills, one at a time, on the drill shop ({@code drills:}) alone: plays the incident's
 * events through {@link IngestService} (the same validation as pushed events) every {@code
 * drills.tick}, polls Prometheus ({@link AlertsApi}) until the incident's alert fires for the drill
 * shop, waits until the relay tells (as this {@link DeliveryListener}) that a robot got the alert,
 * checks the alert's runbook link, then clears the fault (retires the drill shop, which removes
 * every series of it), and posts, keeps and counts the report. Each of the two waits has its
 * deadline; a stage missed is reported as such.
 */
public final class DrillService implements DeliveryListener {
  private static final Logger LOG = LoggerFactory.getLogger(DrillService.class);

  /** How a drill waits between two looks; tests pass one that moves their clock. */
  @FunctionalInterface
  public interface Pause {
    Pause SLEEP = d -> Thread.sleep(d.toMillis());

    void pause(Duration d) throws InterruptedException;
  }

  /** Why a drill cannot start now. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** {@code busy}: another drill runs; {@code unavailable}: drills cannot run here. */
    public enum Reason {
      BUSY,
      UNAVAILABLE
    }

    private final Reason reason;

    Refused(Reason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }

  /** What a drill works with besides its configuration. */
  public record Parts(
      IngestService ingest,
      MarketplaceState state,
      Optional<AlertsApi> alerts,
      RunbookProbe runbooks,
      ChatPoster poster,
      Executor executor,
      Pause pause,
      Duration pollInterval) {}

  private final DrillsConfig config;
  private final Parts parts;
  private final DrillMetrics metrics;
  private final DrillStore store;
  private final Clock clock;
  private final AtomicReference<DrillRun> current = new AtomicReference<>();
  private final Map<String, DrillReport> finished = new LinkedHashMap<>();
  private volatile boolean closing;

  DrillService(
      DrillsConfig config, Parts parts, DrillMetrics metrics, DrillStore store, Clock clock) {
    this.config = config;
    this.parts = parts;
    this.metrics = metrics;
    this.store = store;
    this.clock = clock;
    store.load().forEach(r -> finished.put(r.id(), r));
  }

  /** A service that keeps its reports in {@code drills.json} under {@code storagePath}. */
  public static DrillService create(
      DrillsConfig config,
      Parts parts,
      PrometheusRegistry registry,
      Path storagePath,
      StorageMetrics storageMetrics,
      Clock clock) {
    return new DrillService(
        config,
        parts,
        new DrillMetrics(registry),
        new DrillStore(storagePath, storageMetrics, clock),
        clock);
  }

  /**
   * The service as the exporter runs it: Prometheus' API at {@code prometheus.url} (none when it is
   * empty), the runbook check bounded by {@code drills.runbook_timeout}, its own thread, a look
   * every second.
   */
  public static DrillService wire(
      ExporterConfig config,
      IngestService ingest,
      MarketplaceState state,
      OkHttpClient http,
      ChatPoster poster,
      PrometheusRegistry registry,
      Path storagePath,
      StorageMetrics storageMetrics,
      Clock clock) {
    PrometheusApiConfig prometheus = config.prometheus();
    Optional<AlertsApi> alerts =
        prometheus.url().isEmpty()
            ? Optional.empty()
            : Optional.of(new PrometheusAlerts(http, prometheus.url(), prometheus.timeout()));
    Parts parts =
        new Parts(
            ingest,
            state,
            alerts,
            new RunbookProbe(http, config.drills().runbookTimeout()),
            poster,
            thread(),
            Pause.SLEEP,
            Duration.ofSeconds(1));
    return create(config.drills(), parts, registry, storagePath, storageMetrics, clock);
  }

  /** The drills' own thread: one drill at a time, never holding up the exporter's stop. */
  public static ExecutorService thread() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "drill");
          t.setDaemon(true);
          return t;
        });
  }

  /** Stops a running drill (its report says so; the drill shop is retired) and the drill thread. */
  public void close() {
    closing = true;
    if (parts.executor() instanceof ExecutorService es) {
      es.shutdownNow();
      try {
        if (!es.awaitTermination(5, TimeUnit.SECONDS)) {
          LOG.warn("the running drill did not stop within 5 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Refuses a drill shop that is the shop of a configured source ({@code configured}: their
   * marketplaces and shops): a drill must never touch a real shop.
   */
  public static void requireReserved(DrillsConfig drills, Collection<ShopKey> configured) {
    for (ShopKey k : configured) {
      if (k.marketplace().equals(drills.marketplace()) && k.shop().equals(drills.shop())) {
        throw new ConfigException(
            "drills.shop: "
                + drills.marketplace()
                + "/"
                + drills.shop()
                + " is the shop of a configured source; drills need a reserved shop of their own");
      }
    }
  }

  /** Starts a drill of {@code incident}; its report, running, at once. */
  public DrillReport start(DrillIncident incident) {
    if (!config.enabled()) {
      throw new Refused(Refused.Reason.UNAVAILABLE, "drills are disabled (drills.enabled: false)");
    }
    if (parts.alerts().isEmpty()) {
      throw new Refused(
          Refused.Reason.UNAVAILABLE,
          "prometheus.url is not configured: a drill measures the time to firing through"
              + " Prometheus' HTTP API");
    }
    String alert = config.alerts().getOrDefault(incident.id(), incident.defaultAlert());
    String id = UUID.randomUUID().toString().substring(0, 13).replace("-", "");
    DrillRun run = new DrillRun(id, incident, alert, config, clock.instant());
    if (!current.compareAndSet(null, run)) {
      throw new Refused(
          Refused.Reason.BUSY, "drill " + current.get().id() + " is running; one at a time");
    }
    LOG.info(
        "drill {} of {} started on {}/{}", id, incident.id(), config.marketplace(), config.shop());
    try {
      parts.executor().execute(() -> play(run));
    } catch (RuntimeException e) {
      current.set(null);
      throw new Refused(Refused.Reason.UNAVAILABLE, "the exporter is stopping");
    }
    return run.report(clock.instant());
  }

  /** The report of drill {@code id}, running or finished (the last {@value DrillStore#KEEP}). */
  public synchronized Optional<DrillReport> report(String id) {
    DrillRun run = current.get();
    if (run != null && run.id().equals(id)) {
      return Optional.of(run.report(clock.instant()));
    }
    return Optional.ofNullable(finished.get(id));
  }

  /** The running drill, then the finished ones, newest first. */
  public synchronized List<DrillReport> reports() {
    List<DrillReport> out = new ArrayList<>();
    DrillRun run = current.get();
    if (run != null) {
      out.add(run.report(clock.instant()));
    }
    List<DrillReport> done = new ArrayList<>(finished.values());
    for (int i = done.size() - 1; i >= 0; i--) {
      out.add(done.get(i));
    }
    return out;
  }

  @Override
  public void delivered(ChatGroup group, Map<String, String> labels, Instant at) {
    DrillRun run = current.get();
    if (run != null && run.alert().equals(labels.get("alertname")) && config.isDrill(labels)) {
      run.delivered(at);
    }
  }

  private void play(DrillRun run) {
    boolean interrupted = false;
    try {
      loop(run);
      runbook(run);
    } catch (InterruptedException e) {
      // Finished without the flag: an interrupted thread cannot write the report to disk.
      interrupted = true;
      run.abort("the exporter stopped during the drill");
    } catch (RuntimeException e) {
      LOG.error("drill {} failed", run.id(), e);
      run.abort("internal error: " + e.getClass().getSimpleName());
    } finally {
      finish(run);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void loop(DrillRun run) throws InterruptedException {
    Instant nextTick = run.start();
    int tick = 0;
    while (!run.waitsDone()) {
      if (closing) {
        throw new InterruptedException("closing");
      }
      Instant now = clock.instant();
      if (!now.isBefore(nextTick)) {
        if (!push(run, tick++, now)) {
          return;
        }
        nextTick = now.plus(config.tick());
      }
      if (run.firingPending()) {
        look(run, now);
      }
      run.checkDelivery(now);
      if (!run.waitsDone()) {
        parts.pause().pause(parts.pollInterval());
      }
    }
  }

  /** Pushes one tick of the fault; false when the first tick was not accepted. */
  private boolean push(DrillRun run, int tick, Instant now) {
    List<JsonNode> events = new ArrayList<>(run.incident().fault(run.target(), tick, now));
    if (events.isEmpty()) {
      return true;
    }
    IngestResult r = parts.ingest().ingest(events);
    boolean all = r.accepted() == events.size();
    if (tick == 0) {
      run.played(all, all ? "" : describe(r.errors()));
    } else if (!all) {
      LOG.warn("drill {}: tick {} not accepted: {}", run.id(), tick, describe(r.errors()));
    }
    return all || tick > 0;
  }

  private static String describe(List<FieldError> errors) {
    return errors.isEmpty()
        ? "not accepted (misdirected to another shard, or a duplicate)"
        : errors.stream()
            .map(e -> e.field() + ": " + e.message())
            .collect(Collectors.joining("; "));
  }

  private void look(DrillRun run, Instant now) {
    try {
      for (AlertsApi.ActiveAlert a : parts.alerts().orElseThrow().activeAlerts()) {
        if (a.firing()
            && run.alert().equals(a.labels().get("alertname"))
            && config.isDrill(a.labels())) {
          run.firing(now, a.annotations().getOrDefault("runbook_url", ""));
          return;
        }
      }
      run.notFiringYet(now, "");
    } catch (IOException e) {
      run.notFiringYet(now, "Prometheus could not be asked: " + e.getMessage());
    }
  }

  private void runbook(DrillRun run) {
    String link = run.runbookUrl();
    if (link == null) {
      run.runbook(new RunbookProbe.Answer(0, "the alert did not fire"), false);
    } else if (link.isEmpty()) {
      run.runbook(new RunbookProbe.Answer(0, "the alert has no runbook_url annotation"), false);
    } else {
      run.runbook(parts.runbooks().check(link), true);
    }
  }

  /** Clears the fault, then keeps, counts and posts the report; the next drill may start. */
  private void finish(DrillRun run) {
    boolean cleared = parts.state().retire(run.shopKey());
    DrillReport report = run.finish(clock.instant());
    synchronized (this) {
      finished.put(report.id(), report);
      while (finished.size() > DrillStore.KEEP) {
        finished.remove(finished.keySet().iterator().next());
      }
      current.set(null);
      store.save(List.copyOf(finished.values()));
    }
    metrics.finished(report);
    LOG.info(
        "drill {} of {} {} ({}){}",
        report.id(),
        report.incident(),
        report.result(),
        report.stages().stream()
            .map(
                s ->
                    s.name()
                        + " "
                        + s.status()
                        + (s.seconds() == null ? "" : " " + s.seconds() + " s"))
            .collect(Collectors.joining(", ")),
        cleared ? "; the drill shop was retired" : "");
    if (!config.channel().isEmpty()) {
      ChatGroup group = new ChatGroup(config.channel(), config.target());
      if (!parts.poster().post(group, DrillNotice.of(report))) {
        LOG.warn("drill {}: the report could not be posted to {}", report.id(), group);
      }
    }
  }
}
