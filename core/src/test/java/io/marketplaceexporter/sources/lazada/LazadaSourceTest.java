package io.marketplaceexporter.sources.lazada;

import static io.marketplaceexporter.sources.SourcesTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.sources.ApiClient;
import io.marketplaceexporter.sources.ConnectorTestBase;
import io.marketplaceexporter.sources.HttpClients;
import io.marketplaceexporter.sources.Source;
import io.marketplaceexporter.sources.SourceScheduler;
import io.marketplaceexporter.sources.Sources;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import mockwebserver3.MockResponse;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LazadaSourceTest extends ConnectorTestBase {
  static final String APP_SECRET = "lzd-app-secret-9f8e7d6c5b4a";
  static final String REFRESH = "configured-lazada-refresh-token";

  static final String YAML =
      """
              - name: lazada-th
                type: lazada
                url: %srest
                auth_url: %sauth/rest
                timeout: 2s
                site: TH
                shop: lzd_th_5520
                credentials:
                  app_secret: ${LZD_SECRET}
                  refresh_token: ${LZD_REFRESH}
                options:
                  app_key: "100132"
        """;
  static final Map<String, String> ENV = Map.of("LZD_SECRET", APP_SECRET, "LZD_REFRESH", REFRESH);

  @BeforeEach
  void setUp() {
    start(YAML, ENV);
  }

  private static void assertSigned(HttpUrl url, String apiPath) {
    StringBuilder base = new StringBuilder(apiPath);
    url.queryParameterNames().stream()
        .filter(n -> !n.equals("sign"))
        .sorted()
        .forEach(n -> base.append(n).append(url.queryParameter(n)));
    assertThat(url.queryParameter("sign"))
        .isEqualTo(HmacSha256.hex(APP_SECRET, base.toString()).toUpperCase(Locale.ROOT));
    assertThat(url.queryParameter("sign_method")).isEqualTo("sha256");
    assertThat(url.queryParameter("app_key")).isEqualTo("100132");
  }

  @Nested
  class Tokens {
    @Test
    void refreshIsSignedAndReportsExpiresInAsDurations() throws Exception {
      enqueue("lazada/token-refresh.json");
      enqueue("lazada/orders-get.json");

      scheduler.pollOnce(source);

      HttpUrl url = server.takeRequest().getUrl();
      assertThat(url.encodedPath()).isEqualTo("/auth/rest/auth/token/refresh");
      assertThat(url.queryParameter("refresh_token")).isEqualTo(REFRESH);
      assertSigned(url, "/auth/token/refresh");
      double now = SourcesTestSupport.NOW.getEpochSecond();
      assertThat(
              shopValue(
                  "lzd_th_5520", "marketplace_token_expiry_timestamp_seconds", "token", "access"))
          .isEqualTo(now + 604800);
      assertThat(
              shopValue(
                  "lzd_th_5520", "marketplace_token_expiry_timestamp_seconds", "token", "refresh"))
          .isEqualTo(now + 2592000);
    }
  }

  @Nested
  class Orders {
    @Test
    void orderListIsSignedWithTheAccessTokenAndFeedsTheBacklog() throws Exception {
      enqueue("lazada/token-refresh.json");
      enqueue("lazada/orders-get.json");

      scheduler.pollOnce(source);

      server.takeRequest();
      HttpUrl url = server.takeRequest().getUrl();
      assertThat(url.encodedPath()).isEqualTo("/rest/orders/get");
      assertThat(url.queryParameter("access_token"))
          .isEqualTo("50000601c30atpedfgu3LVvik87Ixlsvle3mSoB7701ceb156fPunYZ43GBg");
      assertThat(url.queryParameter("created_after")).isEqualTo("2026-11-22T10:00:00+00:00");
      assertSigned(url, "/orders/get");
      assertThat(shopValue("lzd_th_5520", "marketplace_orders_pending")).isEqualTo(1);
      assertThat(shopValue("lzd_th_5520", "marketplace_order_oldest_pending_timestamp_seconds"))
          .isEqualTo(java.time.Instant.parse("2026-11-24T04:21:22Z").getEpochSecond());
    }

    // update_after and sort_by=updated_at: GetOrders, see lazada/official/README.md.
    @Test
    void theNextPollListsOrdersUpdatedSinceThePreviousPollLessTheOverlap() throws Exception {
      enqueue("lazada/token-refresh.json");
      enqueue("lazada/orders-get.json");
      enqueue("lazada/orders-get.json");

      scheduler.pollOnce(source);
      scheduler.pollOnce(source);

      server.takeRequest();
      assertThat(server.takeRequest().getUrl().queryParameter("sort_by")).isEqualTo("created_at");
      HttpUrl next = server.takeRequest().getUrl();
      assertThat(next.queryParameter("update_after")).isEqualTo("2026-11-24T09:58:00+00:00");
      assertThat(next.queryParameter("created_after")).isNull();
      assertThat(next.queryParameter("sort_by")).isEqualTo("updated_at");
      assertSigned(next, "/orders/get");
      assertThat(shopValue("lzd_th_5520", "marketplace_orders_pending")).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} is {1}, counted {2}")
    @CsvSource({
      "lazada/error-signature.json, signature, 4xx",
      "lazada/error-api-call-limit.json, throttled, 429",
      "lazada/official/error-invalid-limit.json, api_error, 4xx"
    })
    void errorCodesMapToReasonsAndResultClasses(String fixture, String reason, String code) {
      enqueue("lazada/token-refresh.json");
      enqueue(fixture);

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", reason)).isEqualTo(1);
      assertThat(
              shopValue(
                  "lzd_th_5520",
                  "marketplace_api_requests_total",
                  "operation",
                  "/orders/get",
                  "code",
                  code))
          .isEqualTo(1);
    }
  }

  /** Lazada's own samples, {@code src/test/resources/lazada/official/README.md}. */
  @Nested
  class OfficialSamples {
    @Test
    void thePublishedSignatureVectorIsReproduced() throws Exception {
      JsonNode v = ApiClient.json().readTree(fixture("lazada/official/signature-vector.json"));
      TreeMap<String, String> params = new TreeMap<>();
      v.get("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));

      assertThat(LazadaSource.sign(v.get("app_secret").asText(), v.get("api").asText(), params))
          .isEqualTo(v.get("sign").asText());
    }

    @Test
    void theOrdersGetSampleWithIsoDatesAndStringCountsBringsTheShopUp() {
      enqueue("lazada/token-refresh.json");
      enqueue("lazada/official/orders-get.json");

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "malformed")).isZero();
      assertThat(t.value("marketplace_exporter_source_up", "source", "lazada-th")).isEqualTo(1);
      assertThat(shopValue("lzd_th_5520", "marketplace_orders_pending")).isZero();
      assertThat(server.getRequestCount()).as("one page: 1 order < limit").isEqualTo(2);
    }

    @Test
    void bothDocumentedDateFormsAreReadAndAnUnknownOneKeepsTheOrder() throws Exception {
      enqueue("lazada/token-refresh.json");
      enqueue("lazada/official/orders-get-date-forms.json");

      String log =
          io.marketplaceexporter.sources.SourcesTestSupport.captureStderr(
              () -> scheduler.pollOnce(source));

      assertThat(t.value("marketplace_exporter_source_up", "source", "lazada-th")).isEqualTo(1);
      assertThat(shopValue("lzd_th_5520", "marketplace_orders_pending")).isEqualTo(3);
      assertThat(shopValue("lzd_th_5520", "marketplace_order_oldest_pending_timestamp_seconds"))
          .isEqualTo(OffsetDateTime.parse("2014-10-15T18:36:05+08:00").toEpochSecond());
      assertThat(log.lines().filter(l -> l.contains("created_at")).count()).isEqualTo(1);
      assertThat(log).doesNotContain("2018-02-10 08:00:00");
    }

    @Test
    void anOrderWithoutAnIdIsLeftOutAndTheOthersKept() throws Exception {
      ObjectNode answer =
          (ObjectNode)
              ApiClient.json().readTree(fixture("lazada/official/orders-get-date-forms.json"));
      ((ObjectNode) answer.get("data").get("orders").get(1)).remove("order_id");
      enqueue("lazada/token-refresh.json");
      server.enqueue(new MockResponse.Builder().body(answer.toString()).build());

      String log =
          io.marketplaceexporter.sources.SourcesTestSupport.captureStderr(
              () -> scheduler.pollOnce(source));

      assertThat(t.value("marketplace_exporter_source_up", "source", "lazada-th")).isEqualTo(1);
      assertThat(shopValue("lzd_th_5520", "marketplace_orders_pending")).isEqualTo(2);
      assertThat(log).contains("/orders/get: answer lacks order_id; order left out");
    }
  }

  @Nested
  class DocumentedRate {
    @Test
    void shopsOfOneAppShareItsDailyQuotaAndTheTokenRefreshCounts() throws Exception {
      String shop =
          """
                - name: NAME
                  type: lazada
                  url: %srest
                  auth_url: %sauth/rest
                  site: TH
                  shop: NAME
                  credentials:
                    app_secret: ${LZD_SECRET}
                    refresh_token: ${LZD_REFRESH}
                  options:
                    app_key: "100132"
                    app_rate_limit: 2/1h burst 4
          """;
      String yaml = (shop.replace("NAME", "lzd-a") + shop.replace("NAME", "lzd-b"));
      SourcesTestSupport u = new SourcesTestSupport();
      List<Source> both =
          Sources.create(
              SourcesTestSupport.configs(yaml.replace("%s", server.url("/").toString())),
              Map.of("LZD_SECRET", APP_SECRET, "LZD_REFRESH", REFRESH),
              u.ingest,
              HttpClients.shared(),
              u.clock);
      SourceScheduler s = u.scheduler(both);
      enqueue("lazada/token-refresh.json");
      enqueue("lazada/orders-get.json");

      s.pollOnce(both.get(0)); // token refresh and one page: the app's two calls this window
      s.pollOnce(both.get(1));

      assertThat(server.getRequestCount()).as("the second shop's refresh is held").isEqualTo(2);
      assertThat(u.value("marketplace_exporter_source_up", "source", "lzd-a")).isEqualTo(1);
      assertThat(
              u.value(
                  "marketplace_exporter_poll_errors_total",
                  "source",
                  "lzd-b",
                  "reason",
                  "throttled"))
          .isEqualTo(1);
    }
  }
}
