package io.marketplaceexporter.http;

import io.javalin.config.RoutesConfig;

/**
 * What {@link HttpServerFactory.Dependencies#extraRoutes} receives: the server's routes, for the
 * plug-ins that add their own (the relay's webhook, the demo's controls). Their handlers may use
 * the layer's helpers for plug-ins: {@link BadRequest} for a refusal, {@link Json} to read and
 * answer, {@link BoundedBody} to read a body within {@code web.max_request_bytes}.
 */
public final class ExtraRoutes {
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

  /** {@code web.max_request_bytes}: the largest request body a handler should read. */
  public long maxRequestBytes() {
    return maxRequestBytes;
  }
}
