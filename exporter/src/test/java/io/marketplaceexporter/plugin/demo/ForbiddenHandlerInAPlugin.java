package io.marketplaceexporter.plugin.demo;

import io.marketplaceexporter.http.HttpServerFactory;

/** Test-only: a plug-in building the server itself, which PLUGINS_USE_THE_HTTP_API forbids. */
public final class ForbiddenHandlerInAPlugin {
  private ForbiddenHandlerInAPlugin() {}

  static Object server(HttpServerFactory.Dependencies d) {
    return HttpServerFactory.create(d);
  }
}
