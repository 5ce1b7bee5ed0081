package io.marketplaceexporter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.sources.Source;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fault kind, injected into the sandbox while every connector polls it, moves the metrics it
 * should, for the shop it hit, and nothing else. A round without the fault gives each series'
 * ordinary change; the round with the fault must differ only where expected. A source feeds its
 * token expiries and backlog only when they change (within these rounds), so a fault that fails the
 * poll leaves the ingest counts as a round without it, and a token expiry that moves adds one.
 */
class SandboxFaultsTest {
  private static final String SHOP = "7495623318";
  SandboxHarness h;

  @BeforeEach
  void setUp() {
    h = new SandboxHarness();
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  /** The series that moved when {@code kind} was injected for {@code shop}. */
  private Map<String, Double> inject(FaultKind kind, String shop, Duration delay) {
    h.round();
    Map<String, Double> s0 = h.snapshot();
    h.round();
    Map<String, Double> s1 = h.snapshot();
    h.sandbox.faults().add(kind, shop, Duration.ofMinutes(5), delay);
    h.round();
    return SandboxHarness.moved(s0, s1, h.snapshot());
  }

  /** What a fault that reports a change (a deploy, a listing change) moves. */
  static final Set<String> CHANGE_FAMILIES =
      Set.of(
          "marketplace_changes_total",
          "marketplace_change_last_timestamp_seconds",
          "marketplace_change_info",
          "marketplace_exporter_ingest_events_total");

  static Stream<Arguments> faults() {
    return Stream.of(
        Arguments.of(
            FaultKind.THROTTLE,
            "shop_220041",
            "shopee-sg",
            Set.of(
                "marketplace_api_requests_total",
                "marketplace_api_quota_remaining",
                "marketplace_exporter_poll_errors_total")),
        Arguments.of(
            FaultKind.SERVER_ERROR,
            "A2EUQ1WTGCTBG2",
            "amazon-us",
            Set.of(
                "marketplace_api_requests_total",
                "marketplace_exporter_poll_errors_total",
                "marketplace_exporter_source_up")),
        Arguments.of(
            FaultKind.TOKEN_EXPIRED,
            "lzd_th_5520",
            "lazada-th",
            Set.of(
                "marketplace_api_requests_total",
                "marketplace_api_request_duration_seconds_count",
                "marketplace_exporter_poll_errors_total",
                "marketplace_exporter_source_up",
                "marketplace_exporter_ingest_events_total")),
        Arguments.of(
            FaultKind.TOKEN_EXPIRING,
            "7495623318",
            "tiktok-us",
            Set.of(
                "marketplace_token_expiry_timestamp_seconds",
                "marketplace_exporter_ingest_events_total")),
        Arguments.of(
            FaultKind.ZERO_PRICE,
            "A2EUQ1WTGCTBG2",
            "erp-catalog",
            Set.of("marketplace_price_anomalies_total", "marketplace_price_anomalous_skus")),
        Arguments.of(
            FaultKind.PRICE_DROP,
            "A1PA6795UKMFR9",
            "erp-catalog",
            Set.of("marketplace_price_anomalies_total", "marketplace_price_anomalous_skus")),
        Arguments.of(
            FaultKind.STALLED_SYNC,
            "10001234567",
            "erp-sync",
            Set.of("marketplace_sync_runs_total", "marketplace_exporter_ingest_events_total")),
        Arguments.of(
            FaultKind.NEGATIVE_STOCK,
            "shop_310877",
            "erp-catalog",
            Set.of("marketplace_inventory_negative_skus")),
        Arguments.of(
            FaultKind.ORDER_FAILURES,
            "7495623318",
            "erp-orders",
            Set.of(
                "marketplace_orders_total",
                "marketplace_order_failures_total",
                "marketplace_exporter_ingest_events_total")),
        Arguments.of(
            FaultKind.LISTINGS_TAKEN_DOWN,
            "lzd_th_5520",
            "erp-listings",
            Set.of("marketplace_listings")),
        Arguments.of(FaultKind.LISTING_CHANGE, null, "erp-changes", CHANGE_FAMILIES),
        Arguments.of(FaultKind.DEPLOY, null, "erp-changes", CHANGE_FAMILIES));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void aFaultMovesItsMetricsForItsShopAndNothingElse(
      FaultKind kind, String shop, String source, Set<String> expected) {
    Map<String, Double> moved = inject(kind, shop, Duration.ofSeconds(2));

    Set<String> families =
        moved.keySet().stream().map(SandboxHarness::family).collect(Collectors.toSet());
    assertThat(families).as("families that moved: %s", moved).isEqualTo(expected);
    String marketplace =
        h.sandbox.shops().stream()
            .filter(s -> s.shop().equals(shop))
            .map(SandboxShop::marketplace)
            .findFirst()
            .orElse(null);
    for (String series : moved.keySet()) {
      Map<String, String> labels = SandboxHarness.labels(series);
      if (labels.containsKey("shop")) {
        assertThat(labels.get("shop")).as(series).isEqualTo(shop);
      }
      if (labels.containsKey("source")) {
        assertThat(labels.get("source")).as(series).isEqualTo(source);
      }
      if (labels.containsKey("marketplace") && !labels.containsKey("shop")) {
        assertThat(labels.get("marketplace")).as(series).isEqualTo(marketplace);
      }
    }
  }

  @Nested
  class Specifics {
    private Source source(String name) {
      return h.sources.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** The shop's api_error failures; none counted yet: 0. */
    private double apiErrors() {
      double v = h.t.value("marketplace_order_failures_total", "shop", SHOP, "reason", "api_error");
      return Double.isNaN(v) ? 0 : v;
    }

    /**
     * deploy_regression plays a deploy and a burst together; read apart, the burst must not come
     * before the deploy, or a rule would count it into the ratio before the change (the
     * AlertPipelineTest flake: PostDeployRegression then never reached twice its baseline).
     */
    @Test
    void aBurstThatStartsWithADeployIsServedOnlyOnceTheDeployIsServed() {
      h.round();
      double before = apiErrors();
      h.sandbox.faults().add(FaultKind.DEPLOY, null, Duration.ofMinutes(5), Duration.ZERO);
      h.sandbox.faults().add(FaultKind.ORDER_FAILURES, SHOP, Duration.ofMinutes(5), Duration.ZERO);

      h.scheduler.pollOnce(source("erp-orders"));
      assertThat(apiErrors()).as("the burst before its deploy was read").isEqualTo(before);

      h.scheduler.pollOnce(source("erp-changes"));
      h.scheduler.pollOnce(source("erp-orders"));
      assertThat(apiErrors()).as("the burst once the deploy was read").isGreaterThan(before + 7);
    }

    @Test
    void aListingTakedownSuppressesAThirdOfTheShopsListingsAfterAListingChange() {
      inject(FaultKind.LISTING_CHANGE, "lzd_th_5520", Duration.ofSeconds(2));
      inject(FaultKind.LISTINGS_TAKEN_DOWN, "lzd_th_5520", Duration.ofSeconds(2));

      assertThat(h.t.value("marketplace_listings", "shop", "lzd_th_5520", "status", "suppressed"))
          .isEqualTo(144); // 30% of the shop's 480 listings
      assertThat(h.t.value("marketplace_listings", "shop", "lzd_th_5520", "status", "active"))
          .isEqualTo(480 - 19 - 28 - 144);
      assertThat(h.t.value("marketplace_listings", "shop", "shop_310877", "status", "suppressed"))
          .as("another shop")
          .isZero();
      assertThat(
              h.t.value(
                  "marketplace_change_info",
                  "service",
                  "listing-tool",
                  "kind",
                  "listing",
                  "version",
                  "main-image-template-v1"))
          .isEqualTo(1);
    }

    @Test
    void throttlingCountsCode429AndLeavesTheSourceUp() {
      inject(FaultKind.THROTTLE, "shop_220041", Duration.ofSeconds(2));

      assertThat(h.t.value("marketplace_api_requests_total", "shop", "shop_220041", "code", "429"))
          .isEqualTo(1);
      assertThat(h.t.value("marketplace_exporter_source_up", "source", "shopee-sg")).isEqualTo(1);
      assertThat(h.t.value("marketplace_orders_pending", "shop", "shop_220041"))
          .as("last good backlog kept")
          .isPositive();
    }

    @Test
    void slownessMovesOnlyLatency() {
      Map<String, Double> before = h.snapshot();
      Map<String, Double> moved = inject(FaultKind.SLOW, "7495623318", Duration.ofMillis(300));

      assertThat(moved).isEmpty();
      String sum =
          "marketplace_api_request_duration_seconds_sum{marketplace=\"tiktok\",operation=\"/order/202309/orders/search\"}";
      assertThat(h.snapshot().get(sum) - before.getOrDefault(sum, 0.0)).isGreaterThan(0.3);
    }

    @Test
    void anExpiringTokenShowsARefreshTokenDueInSixHours() {
      inject(FaultKind.TOKEN_EXPIRING, "7495623318", Duration.ofSeconds(2));

      assertThat(
              h.t.value(
                  "marketplace_token_expiry_timestamp_seconds",
                  "shop",
                  "7495623318",
                  "token",
                  "refresh"))
          .isEqualTo(SandboxHarness.NOW_SECONDS + 6 * 3600);
    }

    @Test
    void aStalledSyncStopsItsLastSuccessWhileOtherJobsMoveOn() {
      inject(FaultKind.STALLED_SYNC, "10001234567", Duration.ofSeconds(2));
      double inventory = lastSuccess("inventory");
      double orders = lastSuccess("orders");

      h.t.clock.advance(Duration.ofMinutes(3));
      h.round();

      assertThat(lastSuccess("inventory")).isEqualTo(inventory);
      assertThat(lastSuccess("orders")).isEqualTo(orders + 180);
    }

    private double lastSuccess(String job) {
      return h.t.value(
          "marketplace_sync_last_success_timestamp_seconds", "shop", "10001234567", "job", job);
    }

    @Test
    void wrongSignaturesAreRejectedByEveryMarketplace() throws Exception {
      String base = h.sandbox.url();
      assertRejected(
          new okhttp3.Request.Builder()
              .url(
                  base
                      + "/api/v2/order/get_order_list?partner_id=2001887&timestamp=1"
                      + "&access_token=x&shop_id=220041&sign=00")
              .build(),
          "error_sign");
      assertRejected(
          new okhttp3.Request.Builder()
              .url(base + "/order/202309/orders/search?app_key=6sandboxapp&timestamp=1&sign=00")
              .post(okhttp3.RequestBody.create("{}", okhttp3.MediaType.get("application/json")))
              .build(),
          "Invalid signature");
      assertRejected(
          new okhttp3.Request.Builder()
              .url(base + "/rest/orders/get?app_key=100132&timestamp=1&sign_method=sha256&sign=00")
              .build(),
          "IncompleteSignature");
    }

    private void assertRejected(okhttp3.Request r, String error) throws Exception {
      try (okhttp3.Response answer =
          io.marketplaceexporter.sources.HttpClients.shared().newCall(r).execute()) {
        assertThat(answer.body().string()).contains(error);
      }
    }
  }

  /**
   * Fault {@code payment_gateway_switch}, through the ERP's payment reconciliation and the generic
   * source that maps it: the shop's payments move to {@code gw-new}, every second one stays
   * unmatched while the switch lasts (its age growing with the clock, so not a row of the table
   * above, which holds the clock still), and switching back reconciles them.
   */
  @Nested
  class PaymentGatewaySwitch {
    static final String SHOP = "A1PA6795UKMFR9";

    /** Rounds of polls, each one payment slot (10 s) later. */
    void slots(int n) {
      for (int i = 0; i < n; i++) {
        h.t.clock.advance(Duration.ofMillis(ErpPayments.SLOT));
        h.round();
      }
    }

    double unmatched(String gateway, String... shop) {
      return shop.length == 0
          ? h.t.value("marketplace_payments_unmatched", "gateway", gateway)
          : h.t.value("marketplace_payments_unmatched", "gateway", gateway, "shop", shop[0]);
    }

    double age(String gateway) {
      return h.t.value(
          "marketplace_payment_oldest_unmatched_age_seconds", "gateway", gateway, "shop", SHOP);
    }

    @Test
    void withoutTheFaultEveryPaymentIsMatchedWithinItsSlot() {
      h.round();
      slots(3);

      assertThat(unmatched(ErpPayments.LEGACY, SHOP)).as("the current slot's payment").isEqualTo(1);
      assertThat(age(ErpPayments.LEGACY)).isLessThanOrEqualTo(ErpPayments.SLOT / 1000.0);
      assertThat(unmatched(ErpPayments.NEW)).as("no gw-new series").isNaN();
      assertThat(h.t.value("marketplace_payments_total", "shop", SHOP, "status", "matched"))
          .isPositive();
      assertThat(h.t.value("marketplace_exporter_poll_errors_total", "source", "erp-payments"))
          .isZero();
    }

    @Test
    void aSwitchLeavesEverySecondNewGatewayPaymentUnmatchedUntilTheRouteIsSwitchedBack() {
      h.round();
      h.sandbox.faults().add(FaultKind.PAYMENT_GATEWAY_SWITCH, SHOP, Duration.ofHours(1), null);

      slots(6);

      assertThat(unmatched(ErpPayments.NEW, SHOP)).isBetween(3.0, 4.0);
      assertThat(age(ErpPayments.NEW)).isGreaterThanOrEqualTo(40);
      assertThat(unmatched(ErpPayments.LEGACY, SHOP)).as("old payments all matched").isZero();
      assertThat(unmatched(ErpPayments.NEW))
          .as("only the shop switched")
          .isEqualTo(unmatched(ErpPayments.NEW, SHOP));
      double before = age(ErpPayments.NEW);
      slots(2);
      assertThat(age(ErpPayments.NEW)).as("the oldest stays unmatched").isEqualTo(before + 20);

      h.sandbox.faults().clear(FaultKind.PAYMENT_GATEWAY_SWITCH);
      slots(1);

      assertThat(unmatched(ErpPayments.NEW, SHOP)).as("reconciled").isZero();
      assertThat(age(ErpPayments.NEW)).isNaN();
      assertThat(unmatched(ErpPayments.LEGACY, SHOP)).as("back on the old route").isEqualTo(1);
      Map<String, Double> s = h.snapshot();
      assertThat(s.keySet()).noneMatch(k -> k.contains("rejected"));
    }
  }

  @Test
  void everySourceIsUpWithoutFaults() {
    h.round();

    for (String name : h.sources.stream().map(s -> s.name()).toList()) {
      assertThat(h.t.value("marketplace_exporter_source_up", "source", name)).as(name).isEqualTo(1);
    }
    assertThat(h.t.value("marketplace_exporter_poll_errors_total")).isZero();
    assertThat(List.of(h.t.value("marketplace_orders_pending", "shop", "A2EUQ1WTGCTBG2")))
        .allMatch(v -> v > 0);
  }
}
