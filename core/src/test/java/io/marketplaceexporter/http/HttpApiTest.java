package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.RunningExporter;
import io.marketplaceexporter.support.RunningExporter.Reply;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class HttpApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDER =
      "{\"type\":\"order\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"S1\",\"outcome\":\"success\"}";

  private RunningExporter server = RunningExporter.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private static JsonNode json(Reply r) throws IOException {
    return JSON.readTree(r.body());
  }

  @Nested
  class Events {
    @Test
    void aBatchWithABadEventAnswers422WithCountsAndErrorsAndKeepsTheGoodOne() throws IOException {
      Reply r = server.post("/api/v1/events", "[" + ORDER + ",{\"type\":\"order\"}]");

      assertThat(r.status()).isEqualTo(422);
      JsonNode body = json(r);
      assertThat(body.get("accepted").asInt()).isEqualTo(1);
      assertThat(body.get("rejected").asInt()).isEqualTo(1);
      assertThat(body.get("duplicates").asInt()).isZero();
      assertThat(body.get("errors").get(0).get("index").asInt()).isEqualTo(1);
      assertThat(body.get("errors").get(0).get("field").asText()).isEqualTo("marketplace");
      assertThat(
              server
                  .metrics()
                  .value(
                      "marketplace_orders_total",
                      "marketplace",
                      "amazon",
                      "site",
                      "US",
                      "shop",
                      "S1",
                      "outcome",
                      "success"))
          .isEqualTo(1.0);
    }

    @Test
    void malformedJsonIs400AndSaysWhere() throws IOException {
      Reply r = server.post("/api/v1/events", "{\"type\": \"order\",\n \"shop\": }");

      assertThat(r.status()).isEqualTo(400);
      assertThat(json(r).get("error").asText()).startsWith("malformed JSON at line 2, column");
    }

    @Test
    void duplicateKeysAreMalformed() throws IOException {
      Reply r = server.post("/api/v1/events", "{\"type\":\"order\",\"type\":\"sync\"}");

      assertThat(r.status()).isEqualTo(400);
      assertThat(json(r).get("error").asText()).contains("Duplicate field 'type'");
    }

    @Test
    void bodyThatIsNotAnObjectOrArrayIs400() throws IOException {
      for (String body : List.of("42", "\"order\"", "null", "")) {
        Reply r = server.post("/api/v1/events", body);
        assertThat(r.status()).as(body).isEqualTo(400);
        assertThat(json(r).get("error").asText()).as(body).isNotBlank();
      }
    }

    @Test
    void bodyOverTheLimitIs413AndNothingIsApplied() throws IOException {
      StringBuilder big = new StringBuilder("[");
      while (big.length() < 1024 * 1024 + 10) {
        big.append(ORDER).append(',');
      }
      big.append(ORDER).append(']');

      Reply r = server.post("/api/v1/events", big.toString());

      assertThat(r.status()).isEqualTo(413);
      assertThat(json(r).get("error").asText()).contains("web.max_request_bytes");
      assertThat(server.metrics().samples("marketplace_orders_total")).isEmpty();
    }

    @Test
    void chunkedBodyOverTheLimitIsAlso413() {
      byte[] big = new byte[1024 * 1024 + 100];
      java.util.Arrays.fill(big, (byte) ' ');
      okio.Buffer buffer = new okio.Buffer().write(big);
      RequestBody chunked =
          new RequestBody() {
            @Override
            public okhttp3.MediaType contentType() {
              return RunningExporter.JSON;
            }

            @Override
            public long contentLength() {
              return -1;
            }

            @Override
            public void writeTo(okio.BufferedSink sink) throws IOException {
              sink.writeAll(buffer);
            }
          };

      Reply r =
          server.call(
              new Request.Builder().url(server.url("/api/v1/events")).post(chunked).build());

      assertThat(r.status()).isEqualTo(413);
    }

    @Test
    void garbageNeverProducesA500() {
      List<String> bodies =
          List.of(
              "[",
              "]",
              "{}",
              "[[]]",
              "[null]",
              "[1,2]",
              "{\"type\":null}",
              "{\"type\":[1]}",
              "{\"type\":\"order\",\"marketplace\":{}}",
              "\u0000\u0001",
              "[" + "[".repeat(100),
              "{\"type\":\"price\",\"marketplace\":\"amazon\",\"shop\":\"s\",\"sku\":\"a\",\"price\":1e999}",
              "{\"type\":\"order_backlog\",\"marketplace\":\"amazon\",\"shop\":\"s\",\"pending\":99999999999999999999999}",
              "{\"type\":\"sync\",\"marketplace\":\"amazon\",\"shop\":\"s\",\"system\":\"e\",\"job\":\"orders\",\"outcome\":\"success\",\"finished_at\":\"2026-13-45T99:00:00Z\"}",
              "\"\\ud800\"",
              "NaN",
              "{\"type\":\"order\"} trailing");
      for (String body : bodies) {
        Reply r = server.post("/api/v1/events", body);
        assertThat(r.status()).as(body).isBetween(200, 499);
      }
    }
  }

  @Nested
  class Metrics {
    @Test
    void prometheusTextByDefaultAndOpenMetricsWhenAsked() {
      server.post("/api/v1/events", ORDER);

      Reply text = server.get("/metrics");
      Reply om =
          server.call(
              new Request.Builder()
                  .url(server.url("/metrics"))
                  .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8")
                  .build());

      assertThat(text.headers().get("Content-Type")).startsWith("text/plain; version=0.0.4");
      assertThat(text.body()).contains("# TYPE marketplace_orders_total counter");
      assertThat(om.headers().get("Content-Type")).startsWith("application/openmetrics-text");
      assertThat(om.body()).contains("# TYPE marketplace_orders counter").endsWith("# EOF\n");
    }

    @Test
    void gzipWhenAsked() throws IOException {
      server.post("/api/v1/events", ORDER);
      Request req =
          new Request.Builder()
              .url(server.url("/metrics"))
              .header("Accept-Encoding", "gzip")
              .build();
      try (Response r = server.http.newCall(req).execute()) {
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        byte[] raw = r.body().bytes();
        String text =
            new String(
                new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(text).contains("marketplace_orders_total{");
      }
    }

    @Test
    void nameFilterLimitsTheOutput() {
      server.post("/api/v1/events", ORDER);

      MetricsText m =
          new MetricsText(server.get("/metrics?name[]=marketplace_orders_total").body());

      assertThat(m.samples())
          .allSatisfy(s -> assertThat(s.name()).isEqualTo("marketplace_orders_total"));
      assertThat(m.samples()).hasSize(2); // success, and failure created at 0
    }
  }

  @Nested
  class ReadApi {
    @Test
    void anomaliesListsAnomalousSkusNewestFirstAndFilters() throws IOException {
      server.post(
          "/api/v1/events",
          "[{\"type\":\"price\",\"marketplace\":\"shopee\",\"site\":\"SG\",\"shop\":\"s1\",\"sku\":\"A\",\"price\":0},"
              + "{\"type\":\"inventory\",\"marketplace\":\"lazada\",\"site\":\"MY\",\"shop\":\"s2\",\"sku\":\"B\",\"available\":-4}]");

      JsonNode all = json(server.get("/api/v1/anomalies"));
      JsonNode lazada = json(server.get("/api/v1/anomalies?marketplace=lazada"));

      assertThat(all.get("total").asInt()).isEqualTo(2);
      assertThat(lazada.get("total").asInt()).isEqualTo(1);
      JsonNode b = lazada.get("anomalies").get(0);
      assertThat(b.get("sku").asText()).isEqualTo("B");
      assertThat(b.get("kind").asText()).isEqualTo("negative_stock");
      assertThat(b.get("available").asLong()).isEqualTo(-4);
      assertThat(b.get("since").asText()).isEqualTo("2026-11-24T08:00:00Z");
    }

    @Test
    void badLimitIs400() throws IOException {
      for (String q : List.of("0", "1001", "ten", "-1")) {
        Reply r = server.get("/api/v1/anomalies?limit=" + q);
        assertThat(r.status()).as(q).isEqualTo(400);
        assertThat(json(r).get("error").asText()).startsWith("limit:");
      }
    }

    @Test
    void changesAreListedNewestFirst() throws IOException {
      server.post(
          "/api/v1/events",
          "[{\"type\":\"change\",\"service\":\"erp\",\"kind\":\"deploy\",\"version\":\"1\",\"at\":1795500000},"
              + "{\"type\":\"change\",\"service\":\"erp\",\"kind\":\"config\",\"version\":\"2\",\"shop\":\"s1\",\"at\":1795500060}]");

      JsonNode changes = json(server.get("/api/v1/changes")).get("changes");

      assertThat(changes).hasSize(2);
      assertThat(changes.get(0).get("kind").asText()).isEqualTo("config");
      assertThat(changes.get(0).get("shop").asText()).isEqualTo("s1");
      assertThat(changes.get(1).get("at").asText()).isEqualTo("2026-11-24T06:00:00Z");
    }

    @Test
    void retiringAShopRemovesItsSeries() {
      server.post("/api/v1/events", ORDER);

      Reply wrongSite =
          server.call(
              new Request.Builder().url(server.url("/api/v1/shops/amazon/S1")).delete().build());
      Reply ok =
          server.call(
              new Request.Builder()
                  .url(server.url("/api/v1/shops/amazon/S1?site=US"))
                  .delete()
                  .build());
      Reply badMarketplace =
          server.call(
              new Request.Builder().url(server.url("/api/v1/shops/amzn/S1")).delete().build());

      assertThat(wrongSite.status()).isEqualTo(404);
      assertThat(ok.status()).isEqualTo(204);
      assertThat(badMarketplace.status()).isEqualTo(400);
      assertThat(server.metrics().samples("marketplace_orders_total")).isEmpty();
    }
  }

  @Nested
  class Endpoints {
    @Test
    void healthReadyAndLandingPage() {
      assertThat(server.get("/-/healthy").status()).isEqualTo(200);
      assertThat(server.get("/-/ready").status()).isEqualTo(200);
      Reply landing = server.get("/");
      assertThat(landing.body())
          .contains("Marketplace Exporter", "href=\"/metrics\"", "/api/v1/events");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() {
      assertThat(server.get("/nope").status()).isEqualTo(404);
      assertThat(server.get("/api/v1/events").status()).isEqualTo(405);
    }
  }

  @Nested
  class Auth {
    private static final String TOKEN = "ingest-t0ken-3c9f";

    private RunningExporter secured() {
      server.close();
      server =
          RunningExporter.start(
              "auth:\n  bearer_tokens: [\"${MY_TOKEN}\"]\n",
              Map.of("MY_TOKEN", TOKEN),
              Exporter.Options.plain());
      return server;
    }

    private Reply post(String authorization) {
      Request.Builder b =
          new Request.Builder()
              .url(server.url("/api/v1/events"))
              .post(RequestBody.create(ORDER, RunningExporter.JSON));
      if (authorization != null) {
        b.header("Authorization", authorization);
      }
      return server.call(b.build());
    }

    @Test
    void missingOrWrongTokenIs401WithoutDetailAndChangesNothing() {
      secured();
      for (String auth :
          new String[] {null, "Bearer wrong", "Basic " + TOKEN, "Bearer " + TOKEN + "x"}) {
        Reply r = post(auth);
        assertThat(r.status()).as(String.valueOf(auth)).isEqualTo(401);
        assertThat(r.body()).isEqualTo("{\"error\":\"unauthorized\"}");
        assertThat(r.headers().get("WWW-Authenticate")).isEqualTo("Bearer");
      }
      assertThat(server.metrics().samples("marketplace_orders_total")).isEmpty();
    }

    @Test
    void rightTokenIsAcceptedAndMetricsStayOpen() {
      secured();

      assertThat(post("Bearer " + TOKEN).status()).isEqualTo(202);
      assertThat(server.get("/api/v1/anomalies").status()).isEqualTo(401);
      assertThat(server.get("/metrics").status()).isEqualTo(200);
      assertThat(server.get("/metrics").body()).doesNotContain(TOKEN);
    }

    @Test
    void environmentTokenWorksWithoutConfig() {
      server.close();
      server =
          RunningExporter.start(
              "", Map.of("MARKETPLACE_EXPORTER_TOKEN", TOKEN), Exporter.Options.plain());

      assertThat(post(null).status()).isEqualTo(401);
      assertThat(post("bearer " + TOKEN).status()).isEqualTo(202);
    }
  }
}
