package io.marketplaceexporter.sources.amazon;

import static io.marketplaceexporter.sources.SourcesTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.sources.ConnectorTestBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The Amazon connector against the SP-API's own examples (see {@code
 * src/test/resources/amazon/official/README.md}): the Orders v0 sandbox responses, the
 * QuotaExceeded error and the Login with Amazon token exchange.
 */
class AmazonOfficialFixturesTest extends ConnectorTestBase {
  private static final String SHOP = "A2EUQ1WTGCTBG2";

  @BeforeEach
  void setUp() {
    start(AmazonSourceTest.yaml("2s"), AmazonSourceTest.ENV);
  }

  private void enqueue(String fixture, String rateLimit) {
    MockResponse.Builder b =
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .body(fixture(fixture));
    if (rateLimit != null) {
      b.addHeader("x-amzn-RateLimit-Limit", rateLimit);
    }
    server.enqueue(b.build());
  }

  private void pollNextTokenExample() {
    enqueue("amazon/official/lwa-token-response.json", null);
    enqueue("amazon/official/get-orders-next-token-page1.json", "0.0167");
    enqueue("amazon/official/get-orders-next-token-page2.json", "0.0167");
    scheduler.pollOnce(source);
  }

  @Nested
  class GetOrdersWithNextToken {
    @Test
    void anOrderRepeatedOnTheNextPageIsPendingOnce() throws Exception {
      pollNextTokenExample();

      server.takeRequest();
      server.takeRequest();
      HttpUrl second = server.takeRequest().getUrl();
      assertThat(second.queryParameter("NextToken")).isEqualTo("2YgYW55IGNhcm5hbCBwbGVhc3VyZS4");
      assertThat(shopValue(SHOP, "marketplace_orders_pending")).isEqualTo(1);
      assertThat(shopValue(SHOP, "marketplace_order_oldest_pending_timestamp_seconds"))
          .isEqualTo(Instant.parse("2017-01-20T19:49:35Z").getEpochSecond());
    }

    @Test
    void theRepeatedOrderIsNotCountedAsNewOnTheNextPoll() {
      pollNextTokenExample();
      enqueue("amazon/official/get-orders-next-token-page1.json", "0.0167");
      enqueue("amazon/official/get-orders-next-token-page2.json", "0.0167");

      scheduler.pollOnce(source);

      double fresh = shopValue(SHOP, "marketplace_orders_total", "outcome", "success");
      assertThat(Double.isNaN(fresh) || fresh == 0).as("new orders counted: %s", fresh).isTrue();
      assertThat(shopValue(SHOP, "marketplace_orders_pending")).isEqualTo(1);
    }

    @Test
    void theRateLimitHeaderIsTheQuotaLimit() {
      pollNextTokenExample();

      assertThat(shopValue(SHOP, "marketplace_api_quota_limit", "operation", "getOrders"))
          .isEqualTo(0.0167);
    }

    @Test
    void theSandboxTestCaseWithTwoUnshippedOrdersIsTwoPending() {
      enqueue("amazon/official/lwa-token-response.json", null);
      enqueue("amazon/official/get-orders-test-case-200.json", "0.0167");

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_exporter_source_up", "source", "amazon-us")).isEqualTo(1);
      assertThat(shopValue(SHOP, "marketplace_orders_pending")).isEqualTo(2);
    }
  }

  @Nested
  class QuotaExceeded {
    @Test
    void theOfficial429BodyIsThrottled() {
      enqueue("amazon/official/lwa-token-response.json", null);
      server.enqueue(
          new MockResponse.Builder()
              .code(429)
              .addHeader("Content-Type", "application/json")
              .body(fixture("amazon/official/error-quota-exceeded.json"))
              .build());

      scheduler.pollOnce(source);

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "throttled"))
          .isEqualTo(1);
      assertThat(
              shopValue(
                  SHOP, "marketplace_api_requests_total", "operation", "getOrders", "code", "429"))
          .isEqualTo(1);
    }
  }

  @Nested
  class LoginWithAmazon {
    @Test
    void theTokenRequestCarriesTheFourDocumentedFormFields() throws Exception {
      pollNextTokenExample();

      RecordedRequest token = server.takeRequest();
      assertThat(token.getHeaders().get("Content-Type"))
          .startsWith("application/x-www-form-urlencoded");
      String form = token.getBody().string(StandardCharsets.UTF_8);
      assertThat(form.split("&"))
          .extracting(kv -> kv.substring(0, kv.indexOf('=')))
          .containsExactlyInAnyOrder("grant_type", "refresh_token", "client_id", "client_secret");
      assertThat(form).contains("grant_type=refresh_token");
    }

    @Test
    void theDocumentedAnswerGivesAnAccessTokenForAnHour() throws Exception {
      pollNextTokenExample();

      server.takeRequest();
      assertThat(server.takeRequest().getHeaders().get("x-amz-access-token"))
          .isEqualTo("Atza|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSR...");
      assertThat(shopValue(SHOP, "marketplace_token_expiry_timestamp_seconds", "token", "access"))
          .isEqualTo(io.marketplaceexporter.sources.SourcesTestSupport.NOW.getEpochSecond() + 3600);
    }
  }
}
