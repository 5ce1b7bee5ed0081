package io.marketplaceexporter.sources.shopee;

import static io.marketplaceexporter.sources.SourcesTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.crypto.HmacSha256;
import io.marketplaceexporter.sources.ConnectorTestBase;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShopeeSourceTest extends ConnectorTestBase {
  static final String PARTNER_KEY =
      "shpk4f6b5a7c2e9d0b1a3c5e7f9a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1e3f5a7b";
  static final String REFRESH = "configured-shopee-refresh-token";
  static final String ACCESS = "6b4a7a4f4e6c5a4d4b7a6e4c4f5a4b6a";

  static final String YAML =
      """
          - name: shopee-sg
            type: shopee
            url: %s
            timeout: 2s
            site: SG
            shop: "220041"
            credentials:
              partner_key: ${SHOPEE_PARTNER_KEY}
              refresh_token: ${SHOPEE_REFRESH}
            options:
              partner_id: "2001887"
      """;
  static final Map<String, String> ENV =
      Map.of("SHOPEE_PARTNER_KEY", PARTNER_KEY, "SHOPEE_REFRESH", REFRESH);

  @BeforeEach
  void setUp() {
    start(YAML, ENV);
  }

  private static String expectedSign(String base) {
    return HmacSha256.hex(PARTNER_KEY, base);
  }

  @Nested
  class Signing {
    @Test
    void tokenCallIsSignedOverPartnerIdPathAndTimestamp() throws Exception {
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/get-order-list-page2.json");

      scheduler.pollOnce(source);

      RecordedRequest r = server.takeRequest();
      HttpUrl url = r.getUrl();
      assertThat(r.getMethod()).isEqualTo("POST");
      assertThat(url.encodedPath()).isEqualTo("/api/v2/auth/access_token/get");
      String ts = url.queryParameter("timestamp");
      assertThat(Long.parseLong(ts)).isEqualTo(SourcesTestSupport.NOW.getEpochSecond());
      assertThat(url.queryParameter("partner_id")).isEqualTo("2001887");
      assertThat(url.queryParameter("sign"))
          .isEqualTo(expectedSign("2001887/api/v2/auth/access_token/get" + ts));
      JsonNode body = new ObjectMapper().readTree(r.getBody().string(StandardCharsets.UTF_8));
      assertThat(body.get("refresh_token").asText()).isEqualTo(REFRESH);
      assertThat(body.get("partner_id").asLong()).isEqualTo(2001887);
      assertThat(body.get("shop_id").asLong()).isEqualTo(220041);
    }

    @Test
    void shopCallIsSignedWithAccessTokenAndShopId() throws Exception {
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/get-order-list-page2.json");

      scheduler.pollOnce(source);

      server.takeRequest();
      HttpUrl url = server.takeRequest().getUrl();
      assertThat(url.encodedPath()).isEqualTo("/api/v2/order/get_order_list");
      String ts = url.queryParameter("timestamp");
      assertThat(url.queryParameter("access_token")).isEqualTo(ACCESS);
      assertThat(url.queryParameter("shop_id")).isEqualTo("220041");
      assertThat(url.queryParameter("sign"))
          .isEqualTo(expectedSign("2001887/api/v2/order/get_order_list" + ts + ACCESS + "220041"));
      assertThat(url.queryParameter("time_range_field")).isEqualTo("create_time");
      assertThat(
              Long.parseLong(url.queryParameter("time_to"))
                  - Long.parseLong(url.queryParameter("time_from")))
          .isEqualTo(2 * 86400);
    }

    @Test
    void theDocumentedBaseStringVectorsAreReproduced() throws Exception {
      JsonNode v = new ObjectMapper().readTree(fixture("shopee/official/signature-vectors.json"));
      for (JsonNode c : v.get("vectors")) {
        String base =
            c.get("partner_id").asText()
                + c.get("path").asText()
                + c.get("timestamp").asText()
                + c.path("access_token").asText("")
                + c.path("shop_id").asText("");
        assertThat(base).isEqualTo(c.get("base_string").asText());
        assertThat(ShopeeSource.sign(v.get("partner_key").asText(), base))
            .as(c.get("kind").asText())
            .isEqualTo(c.get("sign").asText());
      }
    }

    @Test
    void wrongSignatureIsASignatureErrorAndKeepsNoSecretInTheLog() throws Exception {
      server.enqueue(
          new MockResponse.Builder().code(403).body(fixture("shopee/error-sign.json")).build());

      String log = SourcesTestSupport.captureStderr(() -> scheduler.pollOnce(source));

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "signature"))
          .isEqualTo(1);
      assertThat(
              shopValue(
                  "220041",
                  "marketplace_api_requests_total",
                  "operation",
                  "v2.auth.access_token.get",
                  "code",
                  "4xx"))
          .isEqualTo(1);
      assertThat(log).contains("error_sign").doesNotContain(PARTNER_KEY).doesNotContain(REFRESH);
    }
  }

  @Nested
  class Tokens {
    @Test
    void refreshReportsAccessExpiryFourHoursAndRefreshExpiryThirtyDaysAhead() {
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/get-order-list-page2.json");

      scheduler.pollOnce(source);

      double now = SourcesTestSupport.NOW.getEpochSecond();
      assertThat(
              shopValue("220041", "marketplace_token_expiry_timestamp_seconds", "token", "access"))
          .isEqualTo(now + 4 * 3600);
      assertThat(
              shopValue("220041", "marketplace_token_expiry_timestamp_seconds", "token", "refresh"))
          .isEqualTo(now + 30 * 86400);
    }

    @Test
    void rotatedRefreshTokenIsUsedForTheNextRefresh() throws Exception {
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/get-order-list-page2.json");
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/get-order-list-page2.json");

      scheduler.pollOnce(source);
      t.clock.advance(java.time.Duration.ofHours(4));
      scheduler.pollOnce(source);

      server.takeRequest();
      server.takeRequest();
      RecordedRequest second = server.takeRequest();
      assertThat(second.getBody().string(StandardCharsets.UTF_8))
          .contains("5a4b6f4c4a6e6b7a5a4d4f4e4b6c7a4f");
    }

    @Test
    void aRotatedRefreshTokenIsWrittenBackToItsFileReference(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("shopee-sg.refresh");
      Files.writeString(file, REFRESH + "\n");
      start(YAML.replace("${SHOPEE_REFRESH}", "file:" + file), ENV);
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/get-order-list-page2.json");

      scheduler.pollOnce(source);

      assertThat(server.takeRequest().getBody().string(StandardCharsets.UTF_8)).contains(REFRESH);
      assertThat(Files.readString(file)).isEqualTo("5a4b6f4c4a6e6b7a5a4d4f4e4b6c7a4f\n");
      assertThat(Files.getPosixFilePermissions(file))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void invalidAccessTokenIsAnAuthErrorAndForcesARefreshNextPoll() throws Exception {
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/error-auth.json");
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/get-order-list-page2.json");

      scheduler.pollOnce(source);
      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "auth")).isEqualTo(1);
      server.takeRequest();
      server.takeRequest();
      assertThat(server.takeRequest().getUrl().encodedPath())
          .isEqualTo("/api/v2/auth/access_token/get");
    }
  }

  @Nested
  class Orders {
    @Test
    void pagesWithTheCursorAndCountsReadyToShipAsBacklog() throws Exception {
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/get-order-list-page1.json");
      enqueue("shopee/get-order-list-page2.json");

      scheduler.pollOnce(source);

      server.takeRequest();
      assertThat(server.takeRequest().getUrl().queryParameter("cursor")).isEmpty();
      assertThat(server.takeRequest().getUrl().queryParameter("cursor")).isEqualTo("2");
      assertThat(shopValue("220041", "marketplace_orders_pending")).isEqualTo(2);
      assertThat(shopValue("220041", "marketplace_order_oldest_pending_timestamp_seconds")).isNaN();
    }

    // time_range_field=update_time: v2.order.get_order_list, see shopee/official/README.md.
    @Test
    void theNextPollListsOrdersByUpdateTimeSinceThePreviousPollLessTheOverlap() throws Exception {
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/get-order-list-page2.json");
      enqueue("shopee/get-order-list-page2.json");

      scheduler.pollOnce(source);
      scheduler.pollOnce(source);

      server.takeRequest();
      assertThat(server.takeRequest().getUrl().queryParameter("time_range_field"))
          .isEqualTo("create_time");
      HttpUrl next = server.takeRequest().getUrl();
      long now = SourcesTestSupport.NOW.getEpochSecond();
      assertThat(next.queryParameter("time_range_field")).isEqualTo("update_time");
      assertThat(next.queryParameter("time_from")).isEqualTo(Long.toString(now - 120));
      assertThat(next.queryParameter("time_to")).isEqualTo(Long.toString(now));
    }

    @Test
    void errorFieldWithStatus200IsAnApiErrorCounted4xx() {
      enqueue("shopee/access-token-get.json");
      enqueue("shopee/error-param.json");

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "api_error"))
          .isEqualTo(1);
      assertThat(
              shopValue(
                  "220041",
                  "marketplace_api_requests_total",
                  "operation",
                  "v2.order.get_order_list",
                  "code",
                  "4xx"))
          .isEqualTo(1);
    }
  }
}
