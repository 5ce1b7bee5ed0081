package io.marketplaceexporter.operations.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.PrometheusApiConfig;
import io.marketplaceexporter.operations.prometheus.QueryResult.Failed;
import io.marketplaceexporter.operations.prometheus.QueryResult.Ok;
import io.marketplaceexporter.operations.prometheus.QueryResult.Reason;
import io.marketplaceexporter.support.MetricsText;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Prometheus API client against the documented answers (fixtures in prometheus/official). */
class PrometheusClientTest {
  @StartStop final MockWebServer server = new MockWebServer();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final OkHttpClient shared = new OkHttpClient();

  static String fixture(String name) {
    try (InputStream in =
        PrometheusClientTest.class.getResourceAsStream("/prometheus/official/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  PrometheusClient client(PrometheusApiConfig config, Map<String, String> env) {
    return new PrometheusClient(config, shared, env, registry);
  }

  PrometheusClient client() {
    return client(
        new PrometheusApiConfig(server.url("/").toString(), Duration.ofSeconds(5)), Map.of());
  }

  void answer(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code).body(body).build());
  }

  double queries(String result) {
    return MetricsText.of(registry)
        .value("marketplace_exporter_prometheus_queries_total", "result", result);
  }

  @Nested
  class Answers {
    @Test
    void documentedVectorExampleGivesEachElementWithItsLabelsAndValue() {
      answer(200, fixture("query-vector.json"));

      QueryResult r = client().query("up", Instant.parse("2015-07-01T20:10:51.781Z"));

      assertThat(r).isInstanceOf(Ok.class);
      Ok ok = (Ok) r;
      assertThat(ok.resultType()).isEqualTo("vector");
      assertThat(ok.samples()).extracting(QueryResult.Sample::value).containsExactly(1.0, 0.0);
      assertThat(ok.samples().get(1).labels())
          .containsEntry("job", "node")
          .containsEntry("instance", "localhost:9100");
      assertThat(ok.nonEmpty()).isTrue();
    }

    @Test
    void emptyVectorIsAnAnswerThatDoesNotHold() {
      answer(200, fixture("query-vector-empty.json"));

      Ok ok = (Ok) client().query("vector(1) > 2", null);

      assertThat(ok.nonEmpty()).isFalse();
      assertThat(queries("success")).isEqualTo(1.0);
    }

    @Test
    void scalarIsOneSampleWithoutLabels() {
      answer(200, fixture("query-scalar.json"));

      Ok ok = (Ok) client().query("scalar(vector(0.5))", null);

      assertThat(ok.resultType()).isEqualTo("scalar");
      assertThat(ok.samples()).containsExactly(new QueryResult.Sample(Map.of(), 0.5));
    }

    @Test
    void warningsAndSpecialValuesAreRead() {
      answer(200, fixture("query-warnings.json"));

      Ok ok = (Ok) client().query("x", null);

      assertThat(ok.warnings()).hasSize(1);
      assertThat(ok.samples().get(0).value()).isNaN();
      assertThat(ok.samples().get(1).value()).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void matrixIsABadResponseForAnInstantCheck() {
      answer(200, fixture("query-matrix.json"));

      QueryResult r = client().query("x[1m]", null);

      assertThat(r)
          .isEqualTo(
              new Failed(
                  Reason.BAD_RESPONSE,
                  "resultType matrix: an instant query of a vector or scalar expected"));
      assertThat(queries("bad_response")).isEqualTo(1.0);
    }
  }

  @Nested
  class Failures {
    @Test
    void badDataNamesPrometheusErrorTypeAndText() {
      answer(400, fixture("error-bad-data.json"));

      Failed f = (Failed) client().query("sum(", null);

      assertThat(f.reason()).isEqualTo(Reason.QUERY_ERROR);
      assertThat(f.detail()).startsWith("bad_data: invalid parameter").contains("unclosed left");
      assertThat(queries("query_error")).isEqualTo(1.0);
    }

    @Test
    void timeoutIsAQueryError() {
      answer(503, fixture("error-timeout.json"));

      Failed f = (Failed) client().query("x", null);

      assertThat(f.reason()).isEqualTo(Reason.QUERY_ERROR);
      assertThat(f.detail()).startsWith("timeout: ");
    }

    @Test
    void redirectIsNotFollowed() {
      server.enqueue(
          new MockResponse.Builder()
              .code(302)
              .addHeader("Location", "http://example.com/")
              .build());

      Failed f = (Failed) client().query("x", null);

      assertThat(f).isEqualTo(new Failed(Reason.HTTP_ERROR, "HTTP 302"));
      assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void proxyErrorPageIsAnHttpError() {
      answer(502, "<html>Bad Gateway</html>");

      assertThat(client().query("x", null)).isEqualTo(new Failed(Reason.HTTP_ERROR, "HTTP 502"));
      assertThat(queries("http_error")).isEqualTo(1.0);
    }

    @Test
    void garbageWith200IsABadResponse() {
      answer(
          200,
          "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":1}]}}");

      Failed f = (Failed) client().query("x", null);

      assertThat(f.reason()).isEqualTo(Reason.BAD_RESPONSE);
    }

    @Test
    void unreachableServerIsAFailureNotAnException() throws IOException {
      String url = server.url("/").toString();
      server.close();

      QueryResult r =
          client(new PrometheusApiConfig(url, Duration.ofSeconds(2)), Map.of()).query("x", null);

      assertThat(r).isInstanceOf(Failed.class);
      assertThat(((Failed) r).reason()).isEqualTo(Reason.UNREACHABLE);
      assertThat(queries("unreachable")).isEqualTo(1.0);
    }

    @Test
    void withoutUrlEveryQueryIsNotConfigured() {
      QueryResult r = client(PrometheusApiConfig.defaults(), Map.of()).query("x", null);

      assertThat(r).isEqualTo(new Failed(Reason.NOT_CONFIGURED, "prometheus.url is not set"));
    }
  }

  @Nested
  class Requests {
    @Test
    void sendsQueryAndTimeAsDocumentedParameters() throws InterruptedException {
      answer(200, fixture("query-vector-empty.json"));

      client().query("up{shop=\"a b\"}", Instant.parse("2015-07-01T20:10:51.781Z"));

      RecordedRequest req = server.takeRequest();
      assertThat(req.getMethod()).isEqualTo("GET");
      assertThat(req.getUrl().encodedPath()).isEqualTo("/api/v1/query");
      assertThat(req.getUrl().queryParameter("query")).isEqualTo("up{shop=\"a b\"}");
      assertThat(req.getUrl().queryParameter("time")).isEqualTo("1.435781451781E9");
    }

    @Test
    void keepsAPathPrefixOfTheUrl() throws InterruptedException {
      answer(200, fixture("query-vector-empty.json"));

      client(
              new PrometheusApiConfig(server.url("/prom/").toString(), Duration.ofSeconds(5)),
              Map.of())
          .query("up", null);

      assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/prom/api/v1/query");
    }

    @Test
    void sendsTheBearerTokenFromItsSecretReference() throws InterruptedException {
      answer(200, fixture("query-vector-empty.json"));
      PrometheusApiConfig config =
          new PrometheusApiConfig(
              server.url("/").toString(),
              Duration.ofSeconds(5),
              "${PROM_TOKEN}",
              null,
              Duration.ofSeconds(30),
              Duration.ofMinutes(30),
              null);

      client(config, Map.of("PROM_TOKEN", "s3cret")).query("up", null);

      assertThat(server.takeRequest().getHeaders().get("Authorization")).isEqualTo("Bearer s3cret");
      assertThat(config.toString()).doesNotContain("PROM_TOKEN", "s3cret");
    }

    @Test
    void sendsBasicAuthFromItsSecretReference() throws InterruptedException {
      answer(200, fixture("query-vector-empty.json"));
      PrometheusApiConfig config =
          new PrometheusApiConfig(
              server.url("/").toString(),
              Duration.ofSeconds(5),
              null,
              new PrometheusApiConfig.BasicAuth("sre", "${PROM_PASSWORD}"),
              Duration.ofSeconds(30),
              Duration.ofMinutes(30),
              null);

      client(config, Map.of("PROM_PASSWORD", "pw")).query("up", null);

      assertThat(server.takeRequest().getHeaders().get("Authorization"))
          .isEqualTo("Basic c3JlOnB3");
    }
  }
}
