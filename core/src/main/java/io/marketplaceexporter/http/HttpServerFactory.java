package io.marketplaceexporter.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.marketplaceexporter.config.WebConfig;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.logging.LogText;
import io.marketplaceexporter.metrics.BuildInfo;
import io.marketplaceexporter.metrics.ContractExposition;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.status.StatusModel;
import io.marketplaceexporter.web.Admission;
import io.marketplaceexporter.web.WebSecurity;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.EOFException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the exporter's HTTP server from its dependencies; the caller starts and stops it. */
public final class HttpServerFactory {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServerFactory.class);

  /**
   * What the HTTP layer needs. {@code auth} decides who may call {@code /api/v1/*} and {@code
   * /alertmanager/*}; {@code extraRoutes} lets the plug-ins (the alert relay, the demo controls)
   * add their own routes to the same server. {@code security} (the web configuration file) adds
   * TLS, response headers, the rate limit and basic auth on every path, before any other check.
   * {@code status} feeds the landing page. {@code exposition} serves the contract families of
   * {@code /metrics} rendered ahead (null: rendered per request).
   */
  public record Dependencies(
      WebConfig web,
      WebSecurity security,
      PrometheusRegistry registry,
      MarketplaceState state,
      IngestService ingest,
      BearerAuth auth,
      BuildInfo buildInfo,
      Consumer<ExtraRoutes> extraRoutes,
      StatusModel status,
      ContractExposition exposition) {}

  private HttpServerFactory() {}

  /** An unstarted server; start it with {@code app.start(host, port)}. */
  public static Javalin create(Dependencies d) {
    ScrapePriority priority = new ScrapePriority(d.ingest().scrapePriority());
    MetricsHandler metrics = new MetricsHandler(d.registry(), priority, d.exposition());
    EventsHandler events = new EventsHandler(d.ingest(), d.web().maxRequestBytes(), priority);
    QueryHandlers queries = new QueryHandlers(d.state());
    BearerAuth auth = d.auth();
    LandingPage landing = new LandingPage(d.status(), auth.enabled());
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.http.compressionStrategy = CompressionStrategy.NONE;
          config.http.prefer405over404 = true;
          config.http.maxRequestSize = d.web().maxRequestBytes();
          d.security().configure(config, d.web().host(), d.web().port());
          config.routes.before(
              ctx -> {
                // The approval page signs its users in with a form of its own.
                Admission a =
                    d.security()
                        .admit(
                            ctx, c -> c.path().startsWith(ApprovalPage.PREFIX) || auth.accepts(c));
                if (a.refused()) {
                  throw new BadRequest(a.status(), a.message());
                }
              });
          config.routes.get("/", landing::handle);
          config.routes.get("/status.json", landing::json);
          config.routes.get("/-/healthy", ctx -> ctx.result("Healthy"));
          config.routes.get("/-/ready", ctx -> ctx.result("Ready"));
          config.routes.get("/metrics", metrics::handle);
          config.routes.before("/api/v1/*", auth::check);
          config.routes.before("/alertmanager/*", auth::check);
          config.routes.post("/api/v1/events", events::handle);
          config.routes.get("/api/v1/anomalies", queries::anomalies);
          config.routes.get("/api/v1/changes", queries::changes);
          config.routes.delete("/api/v1/shops/{marketplace}/{shop}", queries::retireShop);
          if (d.extraRoutes() != null) {
            d.extraRoutes().accept(new ExtraRoutes(config.routes, d.web().maxRequestBytes()));
          }
          config.routes.exception(
              BadRequest.class, (e, ctx) -> Json.error(ctx, e.status(), e.getMessage()));
          config.routes.exception(Exception.class, HttpServerFactory::unexpected);
        });
  }

  /**
   * A request the client broke (it went away mid-body, sent an invalid chunk size or framing) is a
   * 4xx with one log line; anything else is a bug: log the type and where, never the request body.
   */
  private static void unexpected(Exception e, Context ctx) {
    int status = clientFailure(e);
    if (status > 0) {
      LOG.warn(
          "{} {}: the request could not be read ({}); answered {}",
          ctx.method(),
          LogText.safe(ctx.path()),
          LogText.safe(describe(e)),
          status);
      Json.error(ctx, status, "the request could not be read: incomplete or invalid body");
      return;
    }
    LOG.error("unexpected error on {} {}", ctx.method(), LogText.safe(ctx.path()), e);
    Json.error(ctx, 500, "internal error");
  }

  /**
   * The 4xx status for a failure of the request itself: Jetty's own status for an invalid request
   * (a 4xx {@link HttpException}), 400 for a body that ended early ({@link EOFException}, Jetty's
   * {@code EofException} included); 0 when {@code e} is not one.
   */
  static int clientFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
        return h.getCode();
      }
      if (t instanceof EOFException) {
        return 400;
      }
    }
    return 0;
  }

  /** The exception types of the chain with their messages, on one line. */
  private static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      sb.append(sb.isEmpty() ? "" : " <- ").append(t.getClass().getSimpleName());
      if (t.getMessage() != null) {
        sb.append(": ").append(t.getMessage());
      }
    }
    return sb.toString();
  }
}
