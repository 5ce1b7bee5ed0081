/**
 * The HTTP server: {@code /metrics}, the ingest and query API under {@code /api/v1}, the alert
 * relay's webhook under {@code /alertmanager} (served by the relay's plug-in through {@link
 * io.marketplaceexporter.http.ExtraRoutes}), health endpoints and the landing page. {@link
 * io.marketplaceexporter.http.HttpServerFactory} returns an unstarted Javalin app built from its
 * dependencies; handlers are small classes.
 */
package io.marketplaceexporter.http;
