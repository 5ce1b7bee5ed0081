package io.marketplaceexporter.operations.prometheus;

import io.marketplaceexporter.config.PrometheusApiConfig;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.model.MetricNames;
import io.marketplaceexporter.operations.prometheus.QueryResult.Failed;
import io.marketplaceexporter.operations.prometheus.QueryResult.Reason;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Instant queries against {@code prometheus.url}: {@code GET /api/v1/query?query=&time=} on a
 * variant of the exporter's shared {@link OkHttpClient} whose whole call is bounded by {@code
 * prometheus.timeout} and which follows no redirect. Thread-safe; never throws for what the network
 * or Prometheus does: see {@link QueryResult}.
 */
public final class PrometheusClient {
  private static final Logger LOG = LoggerFactory.getLogger(PrometheusClient.class);

  /** The most of an answer read; a larger one is a {@code bad_response}. */
  static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

  private final HttpUrl queryUrl;
  private final OkHttpClient http;
  private final Optional<Secret> authorization;
  private final Counter queries;
  private volatile String lastFailure = "";

  /**
   * A client of {@code config}'s Prometheus (none when its url is empty: every query then fails
   * {@code not_configured}); registers {@code marketplace_exporter_prometheus_queries_total} in
   * {@code registry}. Secret references of the credentials are resolved from {@code env} here, so a
   * missing one fails at start-up naming the key.
   */
  public PrometheusClient(
      PrometheusApiConfig config,
      OkHttpClient shared,
      Map<String, String> env,
      PrometheusRegistry registry) {
    HttpUrl base = config.configured() ? HttpUrl.parse(config.url()) : null;
    if (config.configured() && base == null) {
      throw new IllegalArgumentException("prometheus.url: not a valid URL");
    }
    this.queryUrl = base == null ? null : base.newBuilder().addPathSegments("api/v1/query").build();
    this.authorization = config.credentials(env);
    Duration t = config.timeout();
    this.http =
        shared
            .newBuilder()
            .callTimeout(t)
            .connectTimeout(t)
            .readTimeout(t)
            .writeTimeout(t)
            .followRedirects(false)
            .followSslRedirects(false)
            .build();
    this.queries =
        Counter.builder()
            .name(MetricNames.PROMETHEUS_QUERIES)
            .help(
                "Queries of the Prometheus HTTP API by the watches and drills, by result:"
                    + " success, not_configured, unreachable, query_error, http_error,"
                    + " bad_response.")
            .labelNames("result")
            .register(registry);
    QueryResult.outcomes().forEach(o -> queries.labelValues(o).inc(0));
  }

  /** Whether a Prometheus is configured. */
  public boolean configured() {
    return queryUrl != null;
  }

  /** Evaluates {@code promql} at {@code at} (Prometheus' own time when null). */
  public QueryResult query(String promql, Instant at) {
    QueryResult result = ask(promql, at);
    queries.labelValues(result.outcome()).inc();
    if (result instanceof Failed f) {
      String line = f.reason().label() + ": " + f.detail();
      if (!line.equals(lastFailure)) {
        LOG.warn("prometheus query failed ({}); query: {}", line, promql);
      }
      lastFailure = line;
    } else {
      lastFailure = "";
    }
    return result;
  }

  private QueryResult ask(String promql, Instant at) {
    if (queryUrl == null) {
      return new Failed(Reason.NOT_CONFIGURED, "prometheus.url is not set");
    }
    HttpUrl.Builder url = queryUrl.newBuilder().addQueryParameter("query", promql);
    if (at != null) {
      url.addQueryParameter("time", Double.toString(at.toEpochMilli() / 1000.0));
    }
    Request.Builder request = new Request.Builder().url(url.build()).get();
    request.header("Accept", "application/json");
    authorization.ifPresent(a -> request.header("Authorization", a.reveal()));
    try (Response response = http.newCall(request.build()).execute()) {
      ResponseBody body = response.body();
      byte[] bytes;
      try (InputStream in = body.byteStream()) {
        bytes = in.readNBytes(MAX_BODY_BYTES + 1);
      }
      if (bytes.length > MAX_BODY_BYTES) {
        return new Failed(Reason.BAD_RESPONSE, "answer larger than " + MAX_BODY_BYTES + " bytes");
      }
      return QueryResponses.parse(response.code(), bytes);
    } catch (IOException e) {
      // The message of an OkHttp failure names the host and port, never the credentials.
      return new Failed(Reason.UNREACHABLE, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
