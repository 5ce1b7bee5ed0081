package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.support.RunningExporter;
import io.marketplaceexporter.support.RunningExporter.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/v1/drills} over real HTTP on a free port, with Prometheus a MockWebServer that has no
 * alert (the drills keep running until the exporter stops).
 */
class DrillsApiTest {
  private static final String TOKEN = "drill-t0ken-77a1";
  private final MockWebServer prometheus = new MockWebServer();
  private RunningExporter server;

  @BeforeEach
  void startPrometheus() throws IOException {
    String none;
    try (InputStream in = getClass().getResourceAsStream("/prometheus/official/alerts-none.json")) {
      none = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    prometheus.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            return new MockResponse.Builder().body(none).build();
          }
        });
    prometheus.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    prometheus.close();
  }

  private RunningExporter secured(String extra) {
    server =
        RunningExporter.start(
            "auth:\n  bearer_tokens: [\"${T}\"]\nprometheus:\n  url: "
                + prometheus.url("/")
                + "\n"
                + extra,
            Map.of("T", TOKEN),
            Exporter.Options.plain());
    return server;
  }

  private Reply post(String body, String token) {
    Request.Builder b =
        new Request.Builder()
            .url(server.url("/api/v1/drills"))
            .post(RequestBody.create(body, RunningExporter.JSON));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return server.call(b.build());
  }

  private Reply get(String path, String token) {
    return server.call(
        new Request.Builder()
            .url(server.url(path))
            .header("Authorization", "Bearer " + token)
            .build());
  }

  @Nested
  class Access {
    @Test
    void withoutTheTokenNothingStartsOrIsRead() {
      secured("");
      assertThat(post("{\"incident\":\"zero_price\"}", null).status()).isEqualTo(401);
      assertThat(post("{\"incident\":\"zero_price\"}", "wrong").status()).isEqualTo(401);
      assertThat(server.get("/api/v1/drills").status()).isEqualTo(401);
      assertThat(prometheus.getRequestCount()).isZero();
    }

    @Test
    void withoutAnyTokenConfiguredStartingIs403() {
      server =
          RunningExporter.startAsConfigured(
              ConfigLoader.parse("prometheus:\n  url: " + prometheus.url("/") + "\n"),
              Map.of(),
              Exporter.Options.plain());
      Reply r = post("{\"incident\":\"zero_price\"}", null);
      assertThat(r.status()).isEqualTo(403);
      assertThat(prometheus.getRequestCount()).isZero();
    }
  }

  @Nested
  class BadInput {
    @Test
    void eachBadBodyIs400NamingTheField() {
      secured("");
      assertThat(post("{\"incident\":", TOKEN).status()).isEqualTo(400);
      assertThat(post("[]", TOKEN).body()).contains("body: must be an object");
      assertThat(post("{}", TOKEN).body()).contains("incident: required");
      assertThat(post("{\"incident\":7}", TOKEN).body()).contains("incident: required");
      Reply unknown = post("{\"incident\":\"meteor\"}", TOKEN);
      assertThat(unknown.status()).isEqualTo(400);
      assertThat(unknown.body()).contains("incident: must be one of zero_price");
      Reply extra = post("{\"incident\":\"zero_price\",\"shop\":\"real\"}", TOKEN);
      assertThat(extra.status()).isEqualTo(400);
      assertThat(extra.body()).contains("shop: unknown field");
      assertThat(get("/api/v1/drills/nope", TOKEN).status()).isEqualTo(404);
    }

    @Test
    void withoutPrometheusUrlADrillIsRefusedWith409() {
      server =
          RunningExporter.start(
              "auth:\n  bearer_tokens: [\"${T}\"]\n", Map.of("T", TOKEN), Exporter.Options.plain());
      Reply r = post("{\"incident\":\"zero_price\"}", TOKEN);
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.body()).contains("prometheus.url");
    }
  }

  @Nested
  class OneDrillAtATime {
    @Test
    void aDrillStartsAndASecondIsRefusedWhileItRuns() {
      secured("");
      Reply started = post("{\"incident\":\"zero_price\"}", TOKEN);
      assertThat(started.status()).isEqualTo(202);
      assertThat(started.body()).contains("\"state\":\"running\"", "\"incident\":\"zero_price\"");
      String location = started.headers().get("Location");
      assertThat(location).startsWith("/api/v1/drills/");

      Reply report = get(location, TOKEN);
      assertThat(report.status()).isEqualTo(200);
      assertThat(report.body())
          .contains("\"alert\":\"PriceZeroOrNegative\"", "\"shop\":\"drill-shop\"");

      Reply second = post("{\"incident\":\"token_expiring\"}", TOKEN);
      assertThat(second.status()).isEqualTo(409);
      assertThat(second.body()).contains("one at a time");
      assertThat(get("/api/v1/drills", TOKEN).body()).contains(location.substring(15));
    }
  }
}
