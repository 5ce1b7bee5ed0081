package io.marketplaceexporter.sources.tiktok;

import static io.marketplaceexporter.sources.SourcesTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.sources.ApiClient;
import io.marketplaceexporter.sources.ConnectorTestBase;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TikTokSourceTest extends ConnectorTestBase {
  static final String APP_SECRET = "tts-app-secret-e59af819cc";
  static final String REFRESH = "configured-tiktok-refresh-token";

  static final String YAML =
      """
              - name: tiktok-us
                type: tiktok
                url: %s
                auth_url: %s
                timeout: 2s
                site: US
                shop: "7495623318"
                credentials:
                  app_secret: ${TTS_SECRET}
                  refresh_token: ${TTS_REFRESH}
                options:
                  app_key: 6a1b2c3d4e5f
                  shop_cipher: ROW_abcdef
        """;
  static final Map<String, String> ENV = Map.of("TTS_SECRET", APP_SECRET, "TTS_REFRESH", REFRESH);

  @BeforeEach
  void setUp() {
    start(YAML, ENV);
  }

  @Nested
  class Tokens {
    @Test
    void expiresInFieldsAreAbsoluteUnixTimestampsNotDurations() {
      enqueue("tiktok/token-refresh.json");
      enqueue("tiktok/orders-search-page2.json");

      scheduler.pollOnce(source);

      assertThat(
              shopValue(
                  "7495623318", "marketplace_token_expiry_timestamp_seconds", "token", "access"))
          .isEqualTo(1796119200);
      assertThat(
              shopValue(
                  "7495623318", "marketplace_token_expiry_timestamp_seconds", "token", "refresh"))
          .isEqualTo(1798106400);
    }

    @Test
    void refreshSendsAppKeySecretAndRefreshTokenToTheAuthHost() throws Exception {
      enqueue("tiktok/token-refresh.json");
      enqueue("tiktok/orders-search-page2.json");

      scheduler.pollOnce(source);

      HttpUrl url = server.takeRequest().getUrl();
      assertThat(url.encodedPath()).isEqualTo("/api/v2/token/refresh");
      assertThat(url.queryParameter("app_key")).isEqualTo("6a1b2c3d4e5f");
      assertThat(url.queryParameter("app_secret")).isEqualTo(APP_SECRET);
      assertThat(url.queryParameter("refresh_token")).isEqualTo(REFRESH);
      assertThat(url.queryParameter("grant_type")).isEqualTo("refresh_token");
    }
  }

  @Nested
  class Signing {
    @Test
    void orderSearchIsSignedOverPathSortedParametersAndBody() throws Exception {
      enqueue("tiktok/token-refresh.json");
      enqueue("tiktok/orders-search-page2.json");

      scheduler.pollOnce(source);

      server.takeRequest();
      RecordedRequest r = server.takeRequest();
      HttpUrl url = r.getUrl();
      String body = r.getBody().string(StandardCharsets.UTF_8);
      StringBuilder base = new StringBuilder("/order/202309/orders/search");
      url.queryParameterNames().stream()
          .filter(n -> !n.equals("sign") && !n.equals("access_token"))
          .sorted()
          .forEach(n -> base.append(n).append(url.queryParameter(n)));
      base.append(body);
      assertThat(url.queryParameter("sign"))
          .isEqualTo(HmacSha256.hex(APP_SECRET, APP_SECRET + base + APP_SECRET));
      assertThat(r.getMethod()).isEqualTo("POST");
      assertThat(r.getHeaders().get("x-tts-access-token"))
          .isEqualTo("ROW_Jv2vTgAAAAAkW03ZHnlLtCIlsl0Py3dGEgo6MFrWTy7y8iIyN6u_example");
      assertThat(url.queryParameter("shop_cipher")).isEqualTo("ROW_abcdef");
      assertThat(body)
          .isEqualTo(
              "{\"create_time_ge\":" + (SourcesTestSupport.NOW.getEpochSecond() - 2 * 86400) + "}");
    }

    @Test
    void rejectedSignatureIsCountedAsSignature() {
      enqueue("tiktok/token-refresh.json");
      enqueue("tiktok/error-sign.json");

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "signature"))
          .isEqualTo(1);
    }
  }

  @Nested
  class Orders {
    @Test
    void followsPageTokensAndTakesOldestPendingFromCreateTime() throws Exception {
      enqueue("tiktok/token-refresh.json");
      enqueue("tiktok/orders-search-page1.json");
      enqueue("tiktok/orders-search-page2.json");

      scheduler.pollOnce(source);

      server.takeRequest();
      server.takeRequest();
      assertThat(server.takeRequest().getUrl().queryParameter("page_token"))
          .isEqualTo("aDU2dHNwWENTQ3ZKcXhBQk4wR2dFZ0FBQUFBQUFBQUFBQUFB");
      assertThat(shopValue("7495623318", "marketplace_orders_pending")).isEqualTo(2);
      assertThat(shopValue("7495623318", "marketplace_order_oldest_pending_timestamp_seconds"))
          .isEqualTo(1795450000);
    }

    // update_time_ge, sort_field=update_time: Get Order List, see tiktok/official/README.md.
    @Test
    void theNextPollSearchesOrdersUpdatedSinceThePreviousPollLessTheOverlap() throws Exception {
      enqueue("tiktok/token-refresh.json");
      enqueue("tiktok/orders-search-page2.json");
      enqueue("tiktok/orders-search-page2.json");

      scheduler.pollOnce(source);
      scheduler.pollOnce(source);

      server.takeRequest();
      assertThat(server.takeRequest().getUrl().queryParameter("sort_field"))
          .isEqualTo("create_time");
      RecordedRequest next = server.takeRequest();
      assertThat(next.getUrl().queryParameter("sort_field")).isEqualTo("update_time");
      assertThat(next.getBody().utf8())
          .isEqualTo(
              "{\"update_time_ge\":" + (SourcesTestSupport.NOW.getEpochSecond() - 120) + "}");
    }
  }

  /** TikTok Shop's documented values, {@code src/test/resources/tiktok/official/README.md}. */
  @Nested
  class OfficialSamples {
    @Test
    void theSigningVectorIsReproduced() throws Exception {
      JsonNode v = ApiClient.json().readTree(fixture("tiktok/official/signature-vector.json"));
      TreeMap<String, String> query = new TreeMap<>();
      v.get("query").properties().forEach(e -> query.put(e.getKey(), e.getValue().asText()));

      assertThat(
              TikTokSource.sign(
                  v.get("app_secret").asText(),
                  v.get("path").asText(),
                  query,
                  v.get("body").asText()))
          .isEqualTo(v.get("sign").asText());
    }

    @ParameterizedTest(name = "{0} is {1}, counted {2}")
    @CsvSource({
      "tiktok/official/error-too-many-requests.json, throttled, 429",
      "tiktok/official/error-internal.json, http_5xx, 5xx"
    })
    void documentedCodesInABodyWithStatus200MapToTheirReasons(
        String fixture, String reason, String code) {
      enqueue("tiktok/token-refresh.json");
      enqueue(fixture);

      Duration next = scheduler.pollOnce(source);

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", reason)).isEqualTo(1);
      assertThat(
              shopValue(
                  "7495623318",
                  "marketplace_api_requests_total",
                  "operation",
                  TikTokSource.ORDERS_OPERATION,
                  "code",
                  code))
          .isEqualTo(1);
      enqueue(fixture);
      assertThat(scheduler.pollOnce(source)).as("backed off").isGreaterThan(next);
    }

    @Test
    void aCreateTimeAsTextIsReadAndAnOrderWithoutStatusIsLeftOut() throws Exception {
      ObjectNode answer =
          (ObjectNode) ApiClient.json().readTree(fixture("tiktok/orders-search-page2.json"));
      com.fasterxml.jackson.databind.node.ArrayNode orders =
          (com.fasterxml.jackson.databind.node.ArrayNode) answer.get("data").get("orders");
      ((ObjectNode) orders.get(0)).put("create_time", "1795450000");
      orders.addObject().put("id", "576461413038785755").put("create_time", 1795450001);
      enqueue("tiktok/token-refresh.json");
      server.enqueue(new MockResponse.Builder().body(answer.toString()).build());

      String log =
          io.marketplaceexporter.sources.SourcesTestSupport.captureStderr(
              () -> scheduler.pollOnce(source));

      assertThat(t.value("marketplace_exporter_source_up", "source", "tiktok-us")).isEqualTo(1);
      assertThat(shopValue("7495623318", "marketplace_orders_pending")).isEqualTo(1);
      assertThat(shopValue("7495623318", "marketplace_order_oldest_pending_timestamp_seconds"))
          .isEqualTo(1795450000);
      assertThat(log).contains("answer lacks status; order left out");
    }
  }
}
