package io.marketplaceexporter;

import io.javalin.Javalin;
import io.marketplaceexporter.alerting.AlertRelay;
import io.marketplaceexporter.config.Durations;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.demo.DemoIncidents;
import io.marketplaceexporter.demo.DemoScenario;
import io.marketplaceexporter.http.BearerAuth;
import io.marketplaceexporter.http.DemoHandlers;
import io.marketplaceexporter.http.HttpServerFactory;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.metrics.BuildInfo;
import io.marketplaceexporter.metrics.ContractMetrics;
import io.marketplaceexporter.metrics.ExporterMetrics;
import io.marketplaceexporter.metrics.ShardMetrics;
import io.marketplaceexporter.sandbox.DemoFaults;
import io.marketplaceexporter.sandbox.Sandbox;
import io.marketplaceexporter.sandbox.SandboxConfig;
import io.marketplaceexporter.sources.HttpClients;
import io.marketplaceexporter.sources.SourceScheduler;
import io.marketplaceexporter.sources.Sources;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.Shard;
import io.marketplaceexporter.status.StatusModel;
import io.marketplaceexporter.storage.StateStore;
import io.marketplaceexporter.storage.StorageMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole exporter wired from its configuration: state, ingest, metrics, HTTP server and the
 * background tasks (shop expiry, the sources it polls, the demo's sandbox marketplace). {@link
 * Main} only parses flags and calls this; tests start it the same way on port 0.
 */
public final class Exporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Exporter.class);

  /** How to run: in demo mode or not, how often demo incidents are synced, and their script. */
  public record Options(boolean demo, Duration demoTick, DemoScenario scenario) {
    public static Options plain() {
      return new Options(false, Duration.ofSeconds(5), DemoScenario.builtIn());
    }

    public static Options demo(Duration tick) {
      return new Options(true, tick, DemoScenario.builtIn());
    }
  }

  private final ExporterConfig config;
  private final Options options;
  private final PrometheusRegistry registry;
  private final MarketplaceState state;
  private final IngestService ingest;
  private final DemoIncidents demo;
  private final Javalin app;
  private final ScheduledExecutorService scheduler;
  private final SourceScheduler sources;
  private final Sandbox sandbox;
  private final DemoFaults demoFaults;
  private final OkHttpClient httpClient;
  private final AlertRelay relay;
  private final StateStore stateStore;
  private final Path storagePath;
  private final BearerAuth access;

  /** Set by {@link #createForTest}: the storage directory is its own and removed on close. */
  private boolean temporaryStorage;

  /** Where state that survives a restart lives unless {@code --storage.path} says otherwise. */
  public static final Path DEFAULT_STORAGE_PATH = Path.of("data");

  private Exporter(
      ExporterConfig config,
      Options options,
      Map<String, String> env,
      Clock clock,
      boolean jvm,
      Path storagePath) {
    this.config = config;
    this.options = options;
    List<Secret> tokens = config.auth().resolve(env);
    config.auth().requireRelayCredential(config.relay(), tokens);
    this.access = new BearerAuth(tokens, config.auth().allowUnauthenticated(), options.demo());
    this.registry = new PrometheusRegistry();
    this.state = new MarketplaceState(config.limits(), config.price(), clock);
    Shard shard = new Shard(config.shard());
    this.ingest = new IngestService(state, config.ingest(), shard);
    this.storagePath = storagePath;
    StorageMetrics storageMetrics = new StorageMetrics(registry);
    // Restored before the HTTP server accepts events and before the sources poll.
    this.stateStore =
        new StateStore(
            storagePath,
            config.storage().snapshotInterval(),
            state,
            ingest,
            shard,
            storageMetrics,
            clock);
    stateStore.restore();
    BuildInfo build = BuildInfo.load();
    ContractMetrics.register(registry, state, config.alerting());
    ExporterMetrics.register(registry, state, build);
    if (jvm) {
      JvmMetrics.builder().register(registry);
    }
    List<SourceConfig> sourceConfigs = new ArrayList<>(config.sources());
    this.demo = options.demo() ? new DemoIncidents(clock, options.scenario()) : null;
    // The one OkHttpClient of the exporter; sources and the relay derive variants of it.
    this.httpClient = HttpClients.shared();
    if (options.demo()) {
      // The demo runs the production code path: real connectors polling an in-process sandbox
      // marketplace, whose faults play the demo's incidents.
      this.sandbox = new Sandbox(clock, Duration.ofMinutes(5)).start("127.0.0.1", 0);
      Duration interval = options.demoTick().multipliedBy(2);
      sourceConfigs.addAll(
          SandboxConfig.sources(
              sandbox.url(),
              Durations.format(
                  interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval),
              clock.instant()));
      this.demoFaults = new DemoFaults(demo, sandbox);
    } else {
      this.sandbox = null;
      this.demoFaults = null;
    }
    try {
      this.sources =
          Sources.scheduler(
              sourceConfigs, config.polling(), env, ingest, registry, httpClient, clock, shard);
    } catch (RuntimeException e) {
      if (sandbox != null) {
        sandbox.close();
      }
      throw e;
    }
    long polledShops =
        sourceConfigs.stream()
            .filter(c -> Sources.shopOf(c) != null && Sources.polledBy(c, shard))
            .count();
    long configuredShops = sourceConfigs.stream().filter(c -> Sources.shopOf(c) != null).count();
    ShardMetrics.register(
        registry,
        shard,
        (int) polledShops,
        (int) (configuredShops - polledShops),
        ingest::misdirected);
    this.relay =
        new AlertRelay(
            config.relay(),
            env,
            registry,
            relayClient(httpClient),
            clock,
            storagePath,
            storageMetrics,
            config.web().maxRequestBytes());
    DemoHandlers demoRoutes = demo == null ? null : new DemoHandlers(demo);
    this.app =
        HttpServerFactory.create(
            new HttpServerFactory.Dependencies(
                config.web(),
                registry,
                state,
                ingest,
                access,
                build,
                routes -> {
                  if (demoRoutes != null) {
                    demoRoutes.register(routes);
                  }
                  relay.routes(routes);
                },
                new StatusModel(
                    state,
                    sources == null ? List::of : sources::status,
                    relay,
                    ingest.rejections()::newestFirst,
                    build.version(),
                    build.revision(),
                    options.demo())));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "exporter-background");
              t.setDaemon(true);
              return t;
            });
  }

  /** Wires an exporter; nothing listens or runs until {@link #start()}. */
  public static Exporter create(ExporterConfig config, Options options, Map<String, String> env) {
    return create(config, options, env, DEFAULT_STORAGE_PATH);
  }

  /** Wires an exporter that keeps its durable state (the relay queue) under {@code storagePath}. */
  public static Exporter create(
      ExporterConfig config, Options options, Map<String, String> env, Path storagePath) {
    return new Exporter(config, options, env, Clock.systemUTC(), true, storagePath);
  }

  /**
   * For tests: an injected clock and no JVM metrics (they are the same in every registry). Durable
   * state goes to a fresh directory under {@code java.io.tmpdir}, never into the working directory,
   * and is removed on {@link #close()}.
   */
  public static Exporter createForTest(
      ExporterConfig config, Options options, Map<String, String> env, Clock clock) {
    Path storage =
        Path.of(System.getProperty("java.io.tmpdir"), "marketplace-exporter-" + UUID.randomUUID());
    Exporter e = createForTest(config, options, env, clock, storage);
    e.temporaryStorage = true;
    return e;
  }

  /** For tests: as above, with durable state under {@code storagePath} (a temporary directory). */
  public static Exporter createForTest(
      ExporterConfig config,
      Options options,
      Map<String, String> env,
      Clock clock,
      Path storagePath) {
    return new Exporter(config, options, env, clock, false, storagePath);
  }

  /**
   * The one HTTP client for outgoing calls (robots, marketplace APIs), with every timeout set so
   * that a hung peer cannot hold a thread.
   */
  /** Chat robots answer fast or not at all: shorter timeouts than marketplace APIs. */
  private static OkHttpClient relayClient(OkHttpClient shared) {
    return shared
        .newBuilder()
        .readTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(20))
        .build();
  }

  public Exporter start() {
    String host = config.web().host();
    stateStore.start();
    app.start(host == null ? "0.0.0.0" : host, config.web().port());
    scheduler.scheduleWithFixedDelay(this::expireShops, 1, 1, TimeUnit.MINUTES);
    if (demoFaults != null) {
      demoFaults.tick();
      long tick = options.demoTick().toMillis();
      scheduler.scheduleAtFixedRate(demoFaults::tick, tick, tick, TimeUnit.MILLISECONDS);
      LOG.info(
          "demo mode: connectors polling the sandbox marketplace at {} for {} shops",
          sandbox.url(),
          demo.shopIds().size());
    }
    if (sources != null) {
      sources.start();
    }
    if (config.shard().count() > 1) {
      LOG.info("{}: polling and accepting only the shops it owns", ingest.shard());
    }
    relay.start();
    LOG.info("listening on {}:{}", host == null ? "*" : host, app.port());
    if (access.isOpen()) {
      LOG.warn(access.summary());
    } else {
      LOG.info(access.summary());
    }
    return this;
  }

  private void expireShops() {
    try {
      int n = state.expireIdleShops();
      if (n > 0) {
        LOG.info("removed {} shops with no event for {}", n, config.limits().shopTtl());
      }
    } catch (RuntimeException e) {
      LOG.error("shop expiry failed", e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("cannot remove the test storage directory {}: {}", dir, e.toString());
    }
  }

  /** The state snapshot under the storage path. */
  public StateStore stateStore() {
    return stateStore;
  }

  public int port() {
    return app.port();
  }

  public MarketplaceState state() {
    return state;
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  public IngestService ingest() {
    return ingest;
  }

  /** The shared HTTP client for outgoing calls. */
  public OkHttpClient httpClient() {
    return httpClient;
  }

  /** The Alertmanager webhook relay (without targets when {@code relay} is not configured). */
  public AlertRelay relay() {
    return relay;
  }

  /** The demo's incident script, or null outside demo mode. */
  public DemoIncidents demo() {
    return demo;
  }

  @Override
  public void close() {
    if (sources != null) {
      sources.close();
    }
    scheduler.shutdownNow();
    app.stop();
    stateStore.close();
    if (sandbox != null) {
      sandbox.close();
    }
    relay.close();
    if (temporaryStorage) {
      deleteRecursively(storagePath);
    }
    httpClient.dispatcher().executorService().shutdown();
    httpClient.connectionPool().evictAll();
  }
}
