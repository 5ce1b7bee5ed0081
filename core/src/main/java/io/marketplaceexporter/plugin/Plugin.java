package io.marketplaceexporter.plugin;

import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.http.BearerAuth;
import io.marketplaceexporter.http.ExtraRoutes;
import io.marketplaceexporter.operations.ApprovalLinks;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.DeliveryListener;
import io.marketplaceexporter.status.RelayQueues;
import io.marketplaceexporter.storage.StorageMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;

/**
 * What a module outside the product adds to a running exporter: the alert relay (its webhook), the
 * demo (a sandbox marketplace to poll, its controls). The product calls these hooks and knows
 * nothing else of the module, so that the arrows point from the relay and the sandbox to the
 * product, never back. The launcher chooses the plug-ins ({@code Exporter.Options}).
 *
 * <p>Order: {@link Factory#create} while the exporter is wired (after the state is restored, before
 * the sources are set up), then {@link #sources}, {@link #openControls} and {@link #routes}; {@link
 * #start} once the server listens, before the sources poll; {@link #close} after the server
 * stopped, in the reverse order of creation.
 */
public interface Plugin extends AutoCloseable {
  /** Creates a plug-in from what the product shares with it. */
  @FunctionalInterface
  interface Factory {
    Plugin create(Context context);
  }

  /**
   * What the product shares: its configuration and environment, its clock, the registry that {@code
   * /metrics} serves, the one outgoing HTTP client (derive variants with {@code newBuilder()}), and
   * the directory and metrics of durable state, and what the relay needs of the operations: the
   * approval links its messages carry and the listener it tells of each delivered alert.
   */
  record Context(
      ExporterConfig config,
      Map<String, String> env,
      Clock clock,
      PrometheusRegistry registry,
      OkHttpClient httpClient,
      Path storagePath,
      StorageMetrics storageMetrics,
      ApprovalLinks approvalLinks,
      DeliveryListener deliveries) {
    /** Without operations: no approval links, deliveries told to no one. */
    public Context(
        ExporterConfig config,
        Map<String, String> env,
        Clock clock,
        PrometheusRegistry registry,
        OkHttpClient httpClient,
        Path storagePath,
        StorageMetrics storageMetrics) {
      this(
          config,
          env,
          clock,
          registry,
          httpClient,
          storagePath,
          storageMetrics,
          ApprovalLinks.NONE,
          DeliveryListener.NONE);
    }
  }

  /** Sources to poll besides the configured ones. */
  default List<SourceConfig> sources() {
    return List.of();
  }

  /** Routes that, without a bearer token configured, answer requests that change state. */
  default List<BearerAuth.OpenControls> openControls() {
    return List.of();
  }

  /** The plug-in's relay queues, as the status page shows them. */
  default RelayQueues relayQueues() {
    return RelayQueues.NONE;
  }

  /** Where the exporter's own notices go (the relay posts them to its targets); none by default. */
  default ChatPoster chatPoster() {
    return ChatPoster.NONE;
  }

  /** Whether the plug-in puts the exporter in demo mode (the status page says so). */
  default boolean demo() {
    return false;
  }

  /** Adds the plug-in's routes to the exporter's server. */
  default void routes(ExtraRoutes routes) {}

  /** Starts background work; {@code background} is the exporter's single background thread. */
  default void start(ScheduledExecutorService background) {}

  /** Stops what {@link #start} started and releases what the plug-in holds; never throws. */
  @Override
  default void close() {}
}
