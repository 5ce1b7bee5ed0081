package io.marketplaceexporter.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.state.ShopSummary;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Which shops the status page calls in trouble, condition by condition. */
class TroublesTest {
  static final double NOW = 1_795_000_000;
  static final ShopKey SHOP = new ShopKey("amazon", "US", "A2EUQ1WTGCTBG2");
  static final ShopSummary.Recent QUIET = new ShopSummary.Recent(0, 0, 0, 0);

  /** A shop with nothing to report but what {@code change} sets. */
  static ShopSummary shop(
      Map<String, Integer> anomalous,
      int negative,
      List<ShopSummary.Sync> syncs,
      Map<String, Double> tokens,
      List<ShopSummary.Quota> quotas,
      ShopSummary.Recent recent) {
    return new ShopSummary(
        SHOP, 0, anomalous, negative, syncs, tokens, quotas, -1, Double.NaN, recent);
  }

  static ShopSummary healthy() {
    return shop(
        Map.of(),
        0,
        List.of(new ShopSummary.Sync("mabang", "inventory", NOW - 60, 60, false)),
        Map.of("access", NOW + 3000, "refresh", NOW + 30 * Troubles.DAY),
        List.of(new ShopSummary.Quota("daily_calls", 10_000, 9_000)),
        new ShopSummary.Recent(100, 2, 200, 3));
  }

  static List<String> kinds(ShopSummary s) {
    return Troubles.of(s, NOW).stream().map(t -> t.kind() + ":" + t.severity()).toList();
  }

  @Test
  void aShopWithinEveryLimitIsNotInTrouble() {
    assertThat(Troubles.of(healthy(), NOW)).isEmpty();
  }

  @Nested
  class Catalog {
    @Test
    void zeroPricesAreCriticalOtherAnomaliesAndNegativeStockWarnings() {
      ShopSummary s = shop(Map.of("drop", 2, "zero", 3), 4, List.of(), Map.of(), List.of(), QUIET);
      assertThat(kinds(s))
          .containsExactly(
              "price_zero:critical", "price_anomaly:warning", "negative_stock:warning");
      assertThat(Troubles.of(s, NOW).get(0).detail()).isEqualTo("3 SKUs priced at zero or below");
    }
  }

  @Nested
  class Sync {
    ShopSummary sync(double lastSuccess, double every, boolean failed) {
      return shop(
          Map.of(),
          0,
          List.of(new ShopSummary.Sync("mabang", "inventory", lastSuccess, every, failed)),
          Map.of(),
          List.of(),
          QUIET);
    }

    @Test
    void aFailedLastRunIsAWarningEvenWithoutLag() {
      assertThat(kinds(sync(NOW - 60, 60, true))).containsExactly("sync:warning");
      assertThat(Troubles.of(sync(NOW - 60, 60, true), NOW).get(0).detail())
          .isEqualTo("mabang inventory sync: last run failed");
    }

    @Test
    void lagCountsInExpectedIntervalsButNeverBeforeTheRulePacksDefaults() {
      assertThat(kinds(sync(NOW - 599, 60, false))).as("under 10m").isEmpty();
      assertThat(kinds(sync(NOW - 601, 60, false))).containsExactly("sync:warning");
      assertThat(kinds(sync(NOW - 1801, 60, false))).containsExactly("sync:critical");
      assertThat(kinds(sync(NOW - 7000, 3600, false)))
          .as("a job run hourly is late after 2h")
          .isEmpty();
      assertThat(kinds(sync(NOW - 7300, 3600, false))).containsExactly("sync:warning");
      assertThat(kinds(sync(NOW - 11000, Double.NaN, false))).containsExactly("sync:critical");
    }
  }

  @Nested
  class Tokens {
    ShopSummary token(String kind, double left) {
      return shop(Map.of(), 0, List.of(), Map.of(kind, NOW + left), List.of(), QUIET);
    }

    @Test
    void refreshTokensAndSecretsWarnAWeekAheadAndAreCriticalWithinADay() {
      assertThat(kinds(token("refresh", 8 * Troubles.DAY))).isEmpty();
      assertThat(kinds(token("refresh", 6 * Troubles.DAY))).containsExactly("token:warning");
      assertThat(kinds(token("client_secret", 6 * 3600))).containsExactly("token:critical");
      assertThat(Troubles.of(token("refresh", 6 * 3600), NOW).get(0).detail())
          .isEqualTo("refresh token expires in 6h");
      assertThat(kinds(token("refresh", -60))).containsExactly("token:critical");
    }

    @Test
    void anAccessTokenIsTroubleOnlyOnceItExpiredUnrefreshed() {
      assertThat(kinds(token("access", 30))).isEmpty();
      assertThat(kinds(token("access", -30))).containsExactly("token:critical");
    }
  }

  @Nested
  class Api {
    ShopSummary api(ShopSummary.Recent recent, double limit, double remaining) {
      return shop(
          Map.of(),
          0,
          List.of(),
          Map.of(),
          List.of(new ShopSummary.Quota("daily_calls", limit, remaining)),
          recent);
    }

    @Test
    void throttlingNeedsOverFivePercentOfAtLeastTwentyCalls() {
      assertThat(kinds(api(new ShopSummary.Recent(0, 0, 19, 19), 100, 100))).isEmpty();
      assertThat(kinds(api(new ShopSummary.Recent(0, 0, 100, 5), 100, 100))).isEmpty();
      assertThat(kinds(api(new ShopSummary.Recent(0, 0, 100, 6), 100, 100)))
          .containsExactly("throttled:warning");
    }

    @Test
    void quotaUsageWarnsOverEightyPercentAndIsCriticalOverNinetyFive() {
      assertThat(kinds(api(QUIET, 100, 21))).isEmpty();
      assertThat(kinds(api(QUIET, 100, 19))).containsExactly("quota:warning");
      assertThat(kinds(api(QUIET, 100, 0))).containsExactly("quota:critical");
      assertThat(kinds(api(QUIET, Double.NaN, 0))).as("no limit known").isEmpty();
    }
  }

  @Nested
  class Orders {
    ShopSummary orders(long total, long failed) {
      return shop(
          Map.of(), 0, List.of(), Map.of(), List.of(), new ShopSummary.Recent(total, failed, 0, 0));
    }

    @Test
    void failuresAreTroubleOverFivePercentAndFromThreeOn() {
      assertThat(kinds(orders(10, 2))).as("two failures are not an incident").isEmpty();
      assertThat(kinds(orders(100, 5))).isEmpty();
      assertThat(kinds(orders(13, 8))).containsExactly("order_failures:warning");
    }
  }
}
