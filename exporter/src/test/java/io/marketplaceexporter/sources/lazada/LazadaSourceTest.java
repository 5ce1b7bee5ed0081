package io.marketplaceexporter.sources.lazada;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.sources.ConnectorTestBase;
import io.marketplaceexporter.sources.Signatures;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.util.Locale;
import java.util.Map;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LazadaSourceTest extends ConnectorTestBase {
  static final String APP_SECRET = "lzd-app-secret-9f8e7d6c5b4a";
  static final String REFRESH = "configured-lazada-refresh-token";

  @BeforeEach
  void setUp() {
    start(
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
        """,
        Map.of("LZD_SECRET", APP_SECRET, "LZD_REFRESH", REFRESH));
  }

  private static void assertSigned(HttpUrl url, String apiPath) {
    StringBuilder base = new StringBuilder(apiPath);
    url.queryParameterNames().stream()
        .filter(n -> !n.equals("sign"))
        .sorted()
        .forEach(n -> base.append(n).append(url.queryParameter(n)));
    assertThat(url.queryParameter("sign"))
        .isEqualTo(Signatures.hmacSha256Hex(APP_SECRET, base.toString()).toUpperCase(Locale.ROOT));
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

    @ParameterizedTest(name = "{0} is {1}, counted {2}")
    @CsvSource({
      "lazada/error-signature.json, signature, 4xx",
      "lazada/error-api-call-limit.json, throttled, 429"
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
}
