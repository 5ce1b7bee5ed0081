package io.marketplaceexporter.operations.watch;

import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.operations.ApprovalLinks;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.RollbackListener;
import io.marketplaceexporter.operations.prometheus.PrometheusClient;
import io.marketplaceexporter.state.Change;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import okhttp3.OkHttpClient;

/**
 * Both watches wired from the configuration, on a daemon thread of their own (their Prometheus
 * queries may take up to {@code prometheus.timeout} and must not hold up the exporter's other
 * background work). Created with the exporter, run from {@link #start()}, stopped by {@link
 * #close()}; the approval side tells {@link #rollbackListener()} of each rollback.
 */
public final class Watches implements AutoCloseable {
  private final VerificationWatch verification;
  private final DeployWatch deploy;
  private final long intervalMillis;
  private ScheduledExecutorService thread;

  private Watches(VerificationWatch verification, DeployWatch deploy, long intervalMillis) {
    this.verification = verification;
    this.deploy = deploy;
    this.intervalMillis = intervalMillis;
  }

  /**
   * Registers the watches' metrics and the Prometheus client's in {@code registry}; {@code
   * recentChanges} gives the latest changes, newest first ({@code
   * MarketplaceState::recentChanges}).
   */
  public static Watches create(
      ExporterConfig config,
      Map<String, String> env,
      PrometheusRegistry registry,
      OkHttpClient http,
      IntFunction<List<Change>> recentChanges,
      ChatPoster poster,
      ApprovalLinks links,
      Clock clock) {
    PrometheusClient prometheus = new PrometheusClient(config.prometheus(), http, env, registry);
    Map<String, VerificationCheck> checks = Runbooks.bundled();
    Duration holdFor = config.prometheus().verificationFor();
    if (holdFor != null) {
      Map<String, VerificationCheck> shortened = new java.util.LinkedHashMap<>();
      checks.forEach(
          (alert, c) -> shortened.put(alert, new VerificationCheck(alert, c.template(), holdFor)));
      checks = shortened;
    }
    WatchMetrics metrics = new WatchMetrics(registry, checks.keySet());
    return new Watches(
        new VerificationWatch(
            checks, prometheus, poster, metrics, clock, config.prometheus().verificationDeadline()),
        new DeployWatch(
            config.deployWatch(),
            config.alerting().changeScopes(),
            recentChanges,
            prometheus,
            poster,
            links,
            metrics,
            clock),
        config.prometheus().interval().toMillis());
  }

  /** Where the approval side reports each rollback that ran. */
  public RollbackListener rollbackListener() {
    return verification;
  }

  /** Starts both watches' rounds, every {@code prometheus.interval}. */
  public synchronized void start() {
    if (thread != null) {
      return;
    }
    deploy.prime();
    thread =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "exporter-watches");
              t.setDaemon(true);
              return t;
            });
    thread.scheduleWithFixedDelay(
        () -> {
          verification.tick();
          deploy.tick();
        },
        intervalMillis,
        intervalMillis,
        TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void close() {
    if (thread != null) {
      thread.shutdownNow();
    }
  }
}
