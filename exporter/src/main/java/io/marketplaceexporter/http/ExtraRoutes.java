package io.marketplaceexporter.http;

import io.javalin.config.RoutesConfig;
import io.marketplaceexporter.alerting.AlertRelay;

/**
 * What {@link HttpServerFactory.Dependencies#extraRoutes} receives: the server's routes, for the
 * layers that add their own (the demo controls), and the relay's webhook, served here so that the
 * relay does not depend on HTTP.
 */
public final class ExtraRoutes implements AlertRelay.Endpoints {
  private final RoutesConfig routes;
  private final long maxRequestBytes;

  ExtraRoutes(RoutesConfig routes, long maxRequestBytes) {
    this.routes = routes;
    this.maxRequestBytes = maxRequestBytes;
  }

  /** The server's routes. */
  public RoutesConfig javalin() {
    return routes;
  }

  @Override
  public void alertmanagerWebhook(AlertRelay relay) {
    routes.post(
        "/alertmanager/{channel}/{target}", new RelayHandler(relay, maxRequestBytes)::handle);
  }
}
