package io.marketplaceexporter.sources.amazon;

import static io.marketplaceexporter.sources.SourcesTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.sources.ConnectorTestBase;
import io.marketplaceexporter.sources.PollError;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

public class AmazonSourceTest extends ConnectorTestBase {
  public static final String CLIENT_SECRET = "amzn1.oa2-cs.v1.s3cr3t-client-secret-value";
  public static final String REFRESH = "Atzr|configured-refresh-token-value";

  /** One Amazon shop against the MockWebServer ({@code %s}) with this timeout. */
  public static String yaml(String timeout) {
    return """
          - name: amazon-us
            type: amazon
            url: %s
            auth_url: %s
            interval: 60s
            timeout: TIMEOUT
            site: US
            shop: A2EUQ1WTGCTBG2
            credentials:
              client_id: amzn1.application-oa2-client.abc
              client_secret: ${LWA_SECRET}
              refresh_token: ${LWA_REFRESH}
            options:
              marketplace_ids: ATVPDKIKX0DER
              client_secret_rotated_at: "2026-09-01"
        """
        .replace("TIMEOUT", timeout);
  }

  public static final Map<String, String> ENV =
      Map.of("LWA_SECRET", CLIENT_SECRET, "LWA_REFRESH", REFRESH);

  @BeforeEach
  void setUp() {
    start(yaml("2s"), ENV);
  }

  private void enqueueJson(String fixture) {
    server.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", "application/json")
            .addHeader("x-amzn-RateLimit-Limit", "0.0167")
            .body(fixture(fixture))
            .build());
  }

  private double getOrdersCalls(String code) {
    return shopValue(
        "A2EUQ1WTGCTBG2", "marketplace_api_requests_total", "operation", "getOrders", "code", code);
  }

  /** {@code client_secret_rotated_at} of the source under test, in Unix seconds. */
  static final double ROTATED = java.time.Instant.parse("2026-09-01T00:00:00Z").getEpochSecond();

  private double accessExpiry() {
    return shopValue(
        "A2EUQ1WTGCTBG2", "marketplace_token_expiry_timestamp_seconds", "token", "access");
  }

  private double clientSecretDeadline() {
    return shopValue(
        "A2EUQ1WTGCTBG2", "marketplace_token_expiry_timestamp_seconds", "token", "client_secret");
  }

  @Nested
  class TokenRefresh {
    @Test
    void refreshesWithLoginWithAmazonAndReportsAccessExpiryOneHourAhead() throws Exception {
      enqueueJson("amazon/lwa-token.json");
      enqueueJson("amazon/get-orders-page2.json");

      scheduler.pollOnce(source);

      RecordedRequest token = server.takeRequest();
      assertThat(token.getMethod()).isEqualTo("POST");
      assertThat(token.getUrl().encodedPath()).isEqualTo("/auth/o2/token");
      String form = token.getBody().string(StandardCharsets.UTF_8);
      assertThat(form)
          .contains("grant_type=refresh_token")
          .contains("client_id=amzn1.application-oa2-client.abc")
          .contains("client_secret=amzn1.oa2-cs.v1.s3cr3t-client-secret-value")
          .contains("refresh_token=Atzr%7Cconfigured-refresh-token-value");
      RecordedRequest orders = server.takeRequest();
      assertThat(orders.getHeaders().get("x-amz-access-token"))
          .isEqualTo("Atza|IQEBLjAsAhRmHjNgHpi0U-Dme37rR6CuUpSR");
      double now = SourcesTestSupport.NOW.getEpochSecond();
      assertThat(accessExpiry()).isEqualTo(now + 3600);
      assertThat(
              shopValue(
                  "A2EUQ1WTGCTBG2",
                  "marketplace_api_requests_total",
                  "operation",
                  "lwa.token",
                  "code",
                  "2xx"))
          .isEqualTo(1);
    }

    @Test
    void clientSecretRotationDeadlineIs180DaysAfterRotation() {
      enqueueJson("amazon/lwa-token.json");
      enqueueJson("amazon/get-orders-page2.json");

      scheduler.pollOnce(source);

      assertThat(clientSecretDeadline()).isEqualTo(ROTATED + 180 * 86400);
    }

    @Test
    void unchangedExpiriesAreFedOnlyEveryFiveMinutesSoARetiredShopGetsThemBack() {
      enqueueJson("amazon/lwa-token.json");
      for (int i = 0; i < 4; i++) {
        enqueueJson("amazon/get-orders-page2.json");
      }
      scheduler.pollOnce(source); // access token and client secret: fed
      t.clock.advance(Duration.ofMinutes(1));
      scheduler.pollOnce(source); // unchanged: not fed again
      assertThat(tokenEvents()).isEqualTo(2);

      t.state.retire(new ShopKey("amazon", "US", "A2EUQ1WTGCTBG2"));
      t.clock.advance(Duration.ofMinutes(1));
      scheduler.pollOnce(source);
      assertThat(clientSecretDeadline()).as("shop retired two minutes ago").isNaN();

      t.clock.advance(Duration.ofMinutes(3)); // five minutes after they were fed
      scheduler.pollOnce(source);
      assertThat(tokenEvents()).isEqualTo(4);
      assertThat(clientSecretDeadline()).isEqualTo(ROTATED + 180 * 86400);
      assertThat(accessExpiry()).isEqualTo(SourcesTestSupport.NOW.getEpochSecond() + 3600);
    }

    private double tokenEvents() {
      return t.value(
          "marketplace_exporter_ingest_events_total", "type", "token", "result", "accepted");
    }

    @Test
    void reusesTheAccessTokenUntilNearExpiryThenRefreshesAgain() throws Exception {
      enqueueJson("amazon/lwa-token.json");
      enqueueJson("amazon/get-orders-page2.json");
      enqueueJson("amazon/get-orders-page2.json");
      enqueueJson("amazon/lwa-token.json");
      enqueueJson("amazon/get-orders-page2.json");

      scheduler.pollOnce(source);
      t.clock.advance(Duration.ofMinutes(30));
      scheduler.pollOnce(source);
      t.clock.advance(Duration.ofMinutes(25)); // 5 minutes left: inside the refresh margin
      scheduler.pollOnce(source);

      List<String> paths =
          List.of(
              server.takeRequest().getUrl().encodedPath(),
              server.takeRequest().getUrl().encodedPath(),
              server.takeRequest().getUrl().encodedPath(),
              server.takeRequest().getUrl().encodedPath(),
              server.takeRequest().getUrl().encodedPath());
      assertThat(paths)
          .containsExactly(
              "/auth/o2/token",
              "/orders/v0/orders",
              "/orders/v0/orders",
              "/auth/o2/token",
              "/orders/v0/orders");
    }

    @Test
    void rejectedClientIsAnAuthErrorAndNoSecretReachesTheLog() throws Exception {
      server.enqueue(
          new MockResponse.Builder()
              .code(401)
              .body(fixture("amazon/lwa-invalid-client.json"))
              .build());

      String log = SourcesTestSupport.captureStderr(() -> scheduler.pollOnce(source));

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "auth")).isEqualTo(1);
      assertThat(t.value("marketplace_exporter_source_up", "source", "amazon-us")).isZero();
      assertThat(log).contains("amazon-us").contains("auth");
      assertThat(log).doesNotContain(CLIENT_SECRET).doesNotContain(REFRESH);
      assertThat(t.scrape()).doesNotContain(CLIENT_SECRET).doesNotContain(REFRESH);
    }

    @Test
    void theClientSecretDeadlineIsReportedEvenWhenTheRefreshIsRefused() {
      server.enqueue(
          new MockResponse.Builder()
              .code(401)
              .body(fixture("amazon/lwa-invalid-client.json"))
              .build());

      scheduler.pollOnce(source);

      // A refused refresh is when an expired client secret matters most (TokenExpired).
      assertThat(t.value("marketplace_exporter_source_up", "source", "amazon-us")).isZero();
      assertThat(clientSecretDeadline()).isEqualTo(ROTATED + 180 * 86400);
    }

    @Test
    void aTokenWithCharactersNoTokenHasIsMalformedAndNeverLogged() throws Exception {
      server.enqueue(
          new MockResponse.Builder()
              .body(
                  "{\"access_token\":\"Atza|abc\\r\\nX-Injected: 1\",\"token_type\":\"bearer\","
                      + "\"expires_in\":3600}")
              .build());

      String log = SourcesTestSupport.captureStderr(() -> scheduler.pollOnce(source));

      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "malformed"))
          .isEqualTo(1);
      assertThat(log).contains("lacks access_token").doesNotContain("Atza|abc");
      assertThat(server.getRequestCount()).as("no call made with it").isEqualTo(1);
    }
  }

  @Nested
  class Orders {
    @Test
    void followsNextTokenAndSetsBacklogFromUnshippedOrders() throws Exception {
      enqueueJson("amazon/lwa-token.json");
      enqueueJson("amazon/get-orders-page1.json");
      enqueueJson("amazon/get-orders-page2.json");

      scheduler.pollOnce(source);

      server.takeRequest();
      RecordedRequest first = server.takeRequest();
      assertThat(first.getUrl().queryParameter("MarketplaceIds")).isEqualTo("ATVPDKIKX0DER");
      assertThat(first.getUrl().queryParameter("CreatedAfter")).isEqualTo("2026-11-22T10:00:00Z");
      RecordedRequest second = server.takeRequest();
      assertThat(second.getUrl().queryParameter("NextToken"))
          .isEqualTo("MRgZW55IGNhcm5hbCBwbGVhc3VyZS4=");
      assertThat(second.getUrl().queryParameter("MarketplaceIds")).isEqualTo("ATVPDKIKX0DER");
      assertThat(shopValue("A2EUQ1WTGCTBG2", "marketplace_orders_pending")).isEqualTo(2);
      assertThat(shopValue("A2EUQ1WTGCTBG2", "marketplace_order_oldest_pending_timestamp_seconds"))
          .isEqualTo(java.time.Instant.parse("2026-11-23T19:49:35Z").getEpochSecond());
      assertThat(shopValue("A2EUQ1WTGCTBG2", "marketplace_orders_total"))
          .as("first poll is a baseline")
          .isNaN();
      assertThat(
              shopValue("A2EUQ1WTGCTBG2", "marketplace_api_quota_limit", "operation", "getOrders"))
          .isEqualTo(0.0167);
    }

    // LastUpdatedAfter, never with CreatedAfter: ordersV0.json, see amazon/official/README.md.
    @Test
    void theNextPollListsOrdersUpdatedSinceAndCountsOnlyOrdersNotSeenBefore() throws Exception {
      enqueueJson("amazon/lwa-token.json");
      enqueueJson("amazon/get-orders-page1.json");
      enqueueJson("amazon/get-orders-page2.json");
      enqueueJson("amazon/get-orders-new.json");

      scheduler.pollOnce(source);
      scheduler.pollOnce(source);

      for (int i = 0; i < 3; i++) {
        server.takeRequest();
      }
      RecordedRequest updates = server.takeRequest();
      assertThat(updates.getUrl().queryParameter("LastUpdatedAfter"))
          .as("since the first poll started, less the overlap")
          .isEqualTo("2026-11-24T09:58:00Z");
      assertThat(updates.getUrl().queryParameter("CreatedAfter")).isNull();
      assertThat(shopValue("A2EUQ1WTGCTBG2", "marketplace_orders_total", "outcome", "success"))
          .isEqualTo(2);
      // 902-... shipped, 113-... (not in the update listing) still waits, and two new ones.
      assertThat(shopValue("A2EUQ1WTGCTBG2", "marketplace_orders_pending")).isEqualTo(3);
      assertThat(getOrdersCalls("2xx")).isEqualTo(3);
    }
  }

  @Nested
  class Resync {
    @Test
    void aResyncIntervalShorterThanThePollIntervalIsRefusedNamingTheKey() {
      String yaml =
          yaml("2s")
              .replace(
                  "marketplace_ids: ATVPDKIKX0DER\n",
                  "marketplace_ids: ATVPDKIKX0DER\n      resync_interval: 30s\n");

      assertThatThrownBy(() -> start(yaml, ENV))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(
              "sources[0].options.resync_interval: must be at least the source's interval");
    }

    @Test
    void theResyncIntervalSetsWhenAPollListsInFullAgain() throws Exception {
      start(
          yaml("2s")
              .replace(
                  "marketplace_ids: ATVPDKIKX0DER\n",
                  "marketplace_ids: ATVPDKIKX0DER\n      resync_interval: 2m\n"),
          ENV);
      enqueueJson("amazon/lwa-token.json");
      for (int i = 0; i < 3; i++) {
        enqueueJson("amazon/get-orders-page2.json");
      }

      scheduler.pollOnce(source);
      t.clock.advance(Duration.ofMinutes(1));
      scheduler.pollOnce(source);
      t.clock.advance(Duration.ofMinutes(1));
      scheduler.pollOnce(source);

      server.takeRequest();
      assertThat(server.takeRequest().getUrl().queryParameter("CreatedAfter")).isNotNull();
      assertThat(server.takeRequest().getUrl().queryParameter("LastUpdatedAfter")).isNotNull();
      assertThat(server.takeRequest().getUrl().queryParameter("CreatedAfter"))
          .isEqualTo("2026-11-22T10:02:00Z");
    }
  }

  @Nested
  class Throttling {
    @Test
    void throttledPollKeepsLastGoodDataAndCountsReason429() {
      enqueueJson("amazon/lwa-token.json");
      enqueueJson("amazon/get-orders-page2.json");
      server.enqueue(
          new MockResponse.Builder()
              .code(429)
              .addHeader("Retry-After", "120")
              .addHeader("x-amzn-RateLimit-Limit", "0.0167")
              .body(fixture("amazon/error-quota-exceeded.json"))
              .build());

      scheduler.pollOnce(source);
      Duration next = scheduler.pollOnce(source);

      assertThat(next)
          .as("Retry-After is honoured")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(120));
      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "throttled"))
          .isEqualTo(1);
      assertThat(getOrdersCalls("429")).isEqualTo(1);
      assertThat(t.value("marketplace_exporter_source_up", "source", "amazon-us"))
          .as("throttling is not an outage")
          .isEqualTo(1);
      assertThat(shopValue("A2EUQ1WTGCTBG2", "marketplace_orders_pending"))
          .as("last good data kept")
          .isEqualTo(1);
      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "http_4xx")).isZero();
    }

    @Test
    void throttlingRepeatedlyBacksOffExponentially() {
      enqueueJson("amazon/lwa-token.json");
      for (int i = 0; i < 3; i++) {
        server.enqueue(new MockResponse.Builder().code(429).build());
      }

      Duration first = scheduler.pollOnce(source);
      Duration second = scheduler.pollOnce(source);
      Duration third = scheduler.pollOnce(source);

      assertThat(List.of(first, second, third))
          .containsExactly(
              Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(240));
      assertThat(PollError.THROTTLED.transientFailure()).isTrue();
    }
  }

  @Nested
  class DocumentedRate {
    @Test
    void getOrdersKeepsTheSellersUsagePlanAndAHeldPollCallsNothing() throws Exception {
      // getOrders: 0.0167 a second, burst 20, kept as 10 calls per 10-minute window.
      enqueueJson("amazon/lwa-token.json");
      for (int i = 0; i < 10; i++) {
        enqueueJson("amazon/get-orders-page2.json");
      }
      for (int i = 0; i < 10; i++) {
        scheduler.pollOnce(source);
      }
      assertThat(getOrdersCalls("2xx")).isEqualTo(10);
      assertThat(server.getRequestCount()).as("the token call counts in no bucket").isEqualTo(11);

      Duration next = scheduler.pollOnce(source);

      assertThat(server.getRequestCount()).as("the held call is not made").isEqualTo(11);
      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "throttled"))
          .isEqualTo(1);
      assertThat(t.value("marketplace_exporter_source_up", "source", "amazon-us")).isEqualTo(1);
      assertThat(next).as("back when the window turns").isGreaterThan(Duration.ofMinutes(5));
    }
  }
}
