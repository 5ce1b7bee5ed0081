package io.marketplaceexporter.plugin.relay;

import io.marketplaceexporter.alerting.AlertRelay;
import io.marketplaceexporter.http.ExtraRoutes;
import io.marketplaceexporter.plugin.Plugin;
import io.marketplaceexporter.status.RelayQueues;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import okhttp3.OkHttpClient;

/**
 * The alert relay plugged into the exporter: an {@link AlertRelay} built from {@code relay} in the
 * configuration (without targets when there is none), its webhook {@code POST
 * /alertmanager/{channel}/{target}} on the exporter's server, its delivery started and stopped with
 * the exporter.
 */
public final class RelayPlugin implements Plugin {
  private final AlertRelay relay;

  /** A {@link Plugin.Factory}: {@code RelayPlugin::new}. */
  public RelayPlugin(Plugin.Context c) {
    this.relay =
        new AlertRelay(
            c.config().relay(),
            c.env(),
            c.registry(),
            robotClient(c.httpClient()),
            c.clock(),
            c.storagePath(),
            c.storageMetrics());
  }

  /** Chat robots answer fast or not at all: shorter timeouts than marketplace APIs. */
  private static OkHttpClient robotClient(OkHttpClient shared) {
    return shared
        .newBuilder()
        .readTimeout(Duration.ofSeconds(10))
        .callTimeout(Duration.ofSeconds(20))
        .build();
  }

  /** The relay. */
  public AlertRelay relay() {
    return relay;
  }

  @Override
  public RelayQueues relayQueues() {
    return relay;
  }

  @Override
  public void routes(ExtraRoutes routes) {
    routes
        .javalin()
        .post(
            "/alertmanager/{channel}/{target}",
            new RelayHandler(relay, routes.maxRequestBytes())::handle);
  }

  @Override
  public void start(ScheduledExecutorService background) {
    relay.start();
  }

  @Override
  public void close() {
    relay.close();
  }
}
