package io.marketplaceexporter.http;

import io.javalin.http.Context;
import io.marketplaceexporter.metrics.BuildInfo;

/** {@code GET /}: what this is, its version, and links to the endpoints. */
final class LandingPage {
  private final String html;

  LandingPage(BuildInfo build, boolean authEnabled) {
    this.html =
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Marketplace Exporter</title></head>
        <body>
        <h1>Marketplace Exporter</h1>
        <p>Prometheus exporter for e-commerce marketplace and ERP health.
        Version %s (revision %s).</p>
        <ul>
        <li><a href="/metrics">/metrics</a>: metrics for Prometheus</li>
        <li><code>POST /api/v1/events</code>: push events (orders, sync, api_call, quota, token,
        price, inventory, change)%s</li>
        <li><a href="/api/v1/anomalies">/api/v1/anomalies</a>: SKUs with a price anomaly or
        negative stock, newest first</li>
        <li><a href="/api/v1/changes">/api/v1/changes</a>: latest deploys and changes</li>
        <li><code>POST /alertmanager/{channel}/{target}</code>: Alertmanager webhook relay to
        DingTalk, WeCom and Feishu robots (docs/alert-relay.md)</li>
        <li><a href="/-/healthy">/-/healthy</a>, <a href="/-/ready">/-/ready</a></li>
        </ul>
        </body></html>
        """
            .formatted(
                escape(build.version()),
                escape(build.revision()),
                authEnabled ? " (bearer token required)" : "");
  }

  void handle(Context ctx) {
    ctx.contentType("text/html; charset=utf-8").result(html);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
