package io.marketplaceexporter.alerting;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.RelayConfig;
import io.marketplaceexporter.config.RelayTargetConfig;
import io.marketplaceexporter.logging.LogText;
import io.marketplaceexporter.status.QueueStatus;
import io.marketplaceexporter.status.RelayQueues;
import io.marketplaceexporter.storage.StorageMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Alertmanager webhook relay: its targets, their durable queue and the background delivery.
 * Build it, have the HTTP layer serve its webhook ({@link #routes}), then {@link #start()} it. It
 * knows nothing of HTTP: a notification comes in through {@link #target} and {@link #accept}, and a
 * refusal is a {@link RelayException}.
 */
public final class AlertRelay implements AutoCloseable, RelayQueues {
  private static final Logger LOG = LoggerFactory.getLogger(AlertRelay.class);
  static final List<String> CHANNELS =
      List.of(RelayConfig.DINGTALK, RelayConfig.WECOM, RelayConfig.FEISHU);

  private final Map<String, Map<String, TargetQueue>> targets = new LinkedHashMap<>();
  private final QueueStore store;
  private final Clock clock;
  private final RelayMetrics metrics;
  private final AtomicLong ids = new AtomicLong();
  private ScheduledExecutorService scheduler;

  /** Alertmanager may send a refused notification again after this long. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  /** A configured target, as {@link #target} found it. */
  public static final class Target {
    private final TargetQueue queue;

    private Target(TargetQueue queue) {
      this.queue = queue;
    }

    public String channel() {
      return queue.channel();
    }

    public String name() {
      return queue.name();
    }
  }

  /** A queued notification: where it goes, how many alerts it holds, and the queue depth now. */
  public record Receipt(String channel, String target, int alerts, int queueDepth) {}

  /**
   * A relay for {@code config}, resolving robot URLs and secrets from {@code env}; its queue file
   * lives under {@code storagePath} and is restored from there. {@code hooks} give the buttons
   * firing alerts' messages carry, tell which alerts are fault drills, and hear of delivered
   * alerts. Throws {@link ConfigException} for a reference that does not resolve or a storage path
   * that cannot be created. Request bodies are bounded by the HTTP layer ({@code
   * web.max_request_bytes}).
   */
  public AlertRelay(
      RelayConfig config,
      Map<String, String> env,
      PrometheusRegistry registry,
      OkHttpClient http,
      Clock clock,
      Path storagePath,
      StorageMetrics storageMetrics,
      RelayHooks hooks) {
    this.clock = clock;
    this.store = new QueueStore(storagePath, storageMetrics, clock);
    this.metrics = new RelayMetrics(registry, this::allTargets);
    for (String channel : CHANNELS) {
      Map<String, TargetQueue> byName = new LinkedHashMap<>();
      Dialect dialect = Dialect.forChannel(channel);
      RobotSender sender = new RobotSender(dialect, http, metrics);
      for (Map.Entry<String, RelayTargetConfig> e : config.targets(channel).entrySet()) {
        RelayTargetConfig t = e.getValue();
        List<Robot> robots = robots(channel, e.getKey(), t, env);
        MessageRenderer renderer =
            new MessageRenderer(
                dialect, t.timeZone(), new Mentions(t.mention(), hooks.drill()), hooks.drill());
        byName.put(
            e.getKey(),
            new TargetQueue(
                channel,
                e.getKey(),
                sender,
                new RobotPool(robots, t.maxMessagesPerMinute(), dialect.minInterval()),
                t.maxMessageBytes() == 0 ? dialect.defaultMaxBytes() : t.maxMessageBytes(),
                renderer,
                config,
                clock,
                metrics,
                this::persist,
                hooks));
        metrics.init(channel, e.getKey());
      }
      targets.put(channel, byName);
    }
    if (!allTargets().isEmpty()) {
      store.exposeMetrics();
      try {
        Files.createDirectories(storagePath);
      } catch (IOException e) {
        throw new ConfigException(
            "--storage.path: cannot create directory " + storagePath + ": " + e.getMessage());
      }
      restore();
    }
  }

  /** Resolves every robot URL and secret, to fail fast at start-up with the key at fault. */
  public static void validate(RelayConfig config, Map<String, String> env) {
    for (String channel : CHANNELS) {
      for (Map.Entry<String, RelayTargetConfig> e : config.targets(channel).entrySet()) {
        robots(channel, e.getKey(), e.getValue(), env);
      }
    }
  }

  private static List<Robot> robots(
      String channel, String name, RelayTargetConfig t, Map<String, String> env) {
    List<Robot> robots = new ArrayList<>();
    for (int i = 0; i < t.robots().size(); i++) {
      String key =
          "relay." + channel + "." + name + (t.robots().size() == 1 ? "" : ".robots[" + i + "]");
      robots.add(Robot.resolve(t.robots().get(i), i + 1, key, env));
    }
    return robots;
  }

  /** Starts delivering in the background: at once on every notification, and every 250 ms. */
  public synchronized AlertRelay start() {
    Collection<TargetQueue> all = allTargets();
    if (all.isEmpty() || scheduler != null) {
      return this;
    }
    scheduler =
        Executors.newScheduledThreadPool(
            Math.min(4, all.size()),
            r -> {
              Thread t = new Thread(r, "alert-relay");
              t.setDaemon(true);
              return t;
            });
    for (TargetQueue t : all) {
      scheduler.scheduleWithFixedDelay(() -> drain(t), 250, 250, TimeUnit.MILLISECONDS);
    }
    LOG.info("alert relay: {} targets", all.size());
    return this;
  }

  /** Sends every message that is due now, on the caller's thread; for tests and tools. */
  public void pumpAll() {
    for (TargetQueue t : allTargets()) {
      drain(t);
    }
  }

  /** Each configured target's queue now, for the status page. */
  @Override
  public List<QueueStatus> queues() {
    List<QueueStatus> out = new ArrayList<>();
    for (TargetQueue t : allTargets()) {
      out.add(t.status(metrics.dropped(t.channel(), t.name())));
    }
    return out;
  }

  /** Notifications waiting, over every target. */
  public int depth() {
    return allTargets().stream().mapToInt(TargetQueue::depth).sum();
  }

  private static void drain(TargetQueue t) {
    try {
      while (t.pumpOnce()) {
        // one message per call, as long as one is due and the budget allows
      }
    } catch (RuntimeException e) {
      LOG.error("{}/{}: delivery failed unexpectedly", t.channel(), t.name(), e);
    }
  }

  /** The target, or an {@link UnknownTargetException} that says what is configured. */
  public Target target(String channel, String name) {
    return new Target(queue(channel, name));
  }

  /**
   * Reads Alertmanager's webhook payload from {@code payload}, queues it durably for {@code target}
   * and starts its delivery. A {@link BadPayloadException} names the field at fault; a {@link
   * QueueFullException} says when to try again.
   */
  public Receipt accept(Target target, byte[] payload) {
    AlertGroup group = PayloadParser.parse(payload);
    TargetQueue t = target.queue;
    int depth = accept(t, group);
    return new Receipt(t.channel(), t.name(), group.alerts().size(), depth);
  }

  private TargetQueue queue(String channel, String name) {
    Map<String, TargetQueue> byName = targets.get(channel);
    if (byName == null) {
      throw new UnknownTargetException(
          "unknown channel \"" + clip(channel) + "\": use dingtalk, wecom or feishu");
    }
    TargetQueue t = byName.get(name);
    if (t == null) {
      throw new UnknownTargetException(
          "no relay target \""
              + clip(name)
              + "\" for "
              + channel
              + ": configure relay."
              + channel
              + ".<target> (configured: "
              + (byName.isEmpty() ? "none" : String.join(", ", byName.keySet()))
              + ")");
    }
    return t;
  }

  /** Queues a notification durably and starts its delivery; {@link QueueFullException} if full. */
  int accept(TargetQueue t, AlertGroup group) {
    Instant now = clock.instant();
    if (!enqueue(t, new Pending(ids.incrementAndGet(), group, now, 0, now, 0))) {
      metrics.drop(t.channel(), t.name(), RelayMetrics.QUEUE_FULL, 1);
      LOG.error(
          "{}/{}: queue full, refused notification {} (Alertmanager retries it)",
          t.channel(),
          t.name(),
          LogText.safe(MessageRenderer.title(List.of(group))));
      throw new QueueFullException(
          "the relay queue for " + t.channel() + "/" + t.name() + " is full; retry later",
          RETRY_AFTER);
    }
    return t.depth();
  }

  /**
   * Queues the exporter's own {@code notice} for {@code channel/target} durably, to be delivered
   * like a notification (retries, rate limit, signing, size limit) but never merged with one; false
   * when there is no such target or its queue is full (the caller counts that).
   */
  public boolean post(String channel, String target, RelayNotice notice) {
    Map<String, TargetQueue> byName = targets.get(channel);
    TargetQueue t = byName == null ? null : byName.get(target);
    if (t == null) {
      LOG.warn(
          "no relay target {}/{} for notice {}",
          LogText.safe(clip(channel)),
          LogText.safe(clip(target)),
          LogText.safe(notice.title()));
      return false;
    }
    Instant now = clock.instant();
    if (!enqueue(t, new Pending(ids.incrementAndGet(), null, notice, now, 0, now, 0))) {
      LOG.warn(
          "{}/{}: queue full, refused notice {}",
          t.channel(),
          t.name(),
          LogText.safe(notice.title()));
      return false;
    }
    return true;
  }

  private boolean enqueue(TargetQueue t, Pending p) {
    if (!t.offer(p)) {
      return false;
    }
    persist();
    ScheduledExecutorService s = scheduler;
    if (s != null) {
      try {
        s.execute(() -> drain(t));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // shutting down: the notification is on disk and goes out after the restart
      }
    }
    return true;
  }

  private Collection<TargetQueue> allTargets() {
    List<TargetQueue> all = new ArrayList<>();
    targets.values().forEach(m -> all.addAll(m.values()));
    return all;
  }

  private void persist() {
    synchronized (store) {
      List<QueueStore.Entry> entries = new ArrayList<>();
      for (TargetQueue t : allTargets()) {
        for (Pending p : t.snapshot()) {
          entries.add(QueueStore.Entry.of(t.channel(), t.name(), p));
        }
      }
      try {
        store.save(entries);
      } catch (IOException e) {
        LOG.error(
            "cannot write the relay queue to {}: {}; pending notifications are kept in memory",
            store.file(),
            e.toString());
      }
    }
  }

  private void restore() {
    List<QueueStore.Entry> entries = store.load();
    int restored = 0;
    for (QueueStore.Entry e : entries) {
      ids.accumulateAndGet(e.id(), Math::max);
      Map<String, TargetQueue> byName = targets.get(e.channel());
      TargetQueue t = byName == null ? null : byName.get(e.target());
      Pending p = e.toPending();
      if (t != null && t.offer(p)) {
        restored++;
      } else {
        LOG.error(
            "relay queue: dropped stored notification {} ({}) for {}/{}: {}",
            e.id(),
            LogText.safe(e.toPending().title()),
            e.channel(),
            e.target(),
            t == null ? "the target is no longer configured" : "the queue is full");
        if (t != null) {
          metrics.drop(e.channel(), e.target(), RelayMetrics.QUEUE_FULL, 1);
        }
      }
    }
    if (!entries.isEmpty()) {
      LOG.info("relay queue: restored {} pending notifications from {}", restored, store.file());
      persist();
    }
  }

  private static String clip(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler = null;
    }
    if (!allTargets().isEmpty()) {
      persist();
    }
  }
}
