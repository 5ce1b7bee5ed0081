package io.marketplaceexporter.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ShopLifecycleTest {
  private static Fixture fixture(String yaml) {
    ExporterConfig c = ConfigLoader.parse(yaml);
    return new Fixture(c, TestClock.at("2026-11-24T08:00:00Z"));
  }

  private static String order(String shop) {
    return "{\"type\":\"order\",\"marketplace\":\"shopee\",\"site\":\"MY\",\"shop\":\""
        + shop
        + "\",\"outcome\":\"success\"}";
  }

  @Nested
  class CardinalityGuard {
    @Test
    void labelSetsOverTheLimitAreDroppedAndCounted() {
      Fixture f = fixture("limits: {max_series_per_metric: 3}");
      for (String shop : new String[] {"s1", "s2", "s3", "s4", "s5"}) {
        f.send(order(shop));
      }

      var m = f.scrape();
      assertThat(m.samples("marketplace_orders_total")).hasSize(3);
      assertThat(
              m.value(
                  "marketplace_exporter_series_dropped_total",
                  "metric",
                  "marketplace_orders_total"))
          .isEqualTo(3.0); // s3, s4 and s5 could not get their success series
      assertThat(
              m.value(
                  "marketplace_exporter_series_dropped_total",
                  "metric",
                  "marketplace_orders_pending"))
          .isEqualTo(0.0);
    }

    @Test
    void existingLabelSetsKeepCountingAtTheLimit() {
      Fixture f = fixture("limits: {max_series_per_metric: 1}");
      f.send(order("s1"));
      f.send(order("s2"));
      f.send(order("s1"));

      assertThat(
              f.value(
                  "marketplace_orders_total",
                  "marketplace",
                  "shopee",
                  "site",
                  "MY",
                  "shop",
                  "s1",
                  "outcome",
                  "success"))
          .isEqualTo(2.0);
    }

    @Test
    void retiringAShopFreesItsLabelSets() {
      Fixture f = fixture("limits: {max_series_per_metric: 1}");
      f.send(order("s1"));
      assertThat(f.state.retire(new ShopKey("shopee", "MY", "s1"))).isTrue();
      f.send(order("s2"));

      var m = f.scrape();
      assertThat(m.samples("marketplace_orders_total"))
          .singleElement()
          .satisfies(s -> assertThat(s.labels()).containsEntry("shop", "s2"));
      assertThat(
              m.value(
                  "marketplace_exporter_series_dropped_total",
                  "metric",
                  "marketplace_orders_total"))
          .isEqualTo(0.0);
    }
  }

  @Nested
  class Retirement {
    @Test
    void retiredShopLosesItsSeriesAndSkusAndIsCounted() {
      Fixture f = Fixture.create();
      f.send(order("s1"));
      f.send(
          "{\"type\":\"price\",\"marketplace\":\"shopee\",\"site\":\"MY\",\"shop\":\"s1\",\"sku\":\"A\",\"price\":0}");
      f.send(order("s2"));

      assertThat(f.state.retire(new ShopKey("shopee", "MY", "s1"))).isTrue();
      assertThat(f.state.retire(new ShopKey("shopee", "MY", "s1"))).isFalse();

      var m = f.scrape();
      assertThat(m.samples("marketplace_orders_total"))
          .hasSize(2); // s2: success, and failure created at 0
      assertThat(m.samples("marketplace_price_anomalous_skus")).isEmpty();
      assertThat(f.state.anomalies(10)).isEmpty();
      assertThat(m.value("marketplace_exporter_shops_removed_total", "reason", "retired"))
          .isEqualTo(1.0);
      assertThat(m.value("marketplace_exporter_shops_tracked")).isEqualTo(1.0);
    }
  }

  @Nested
  class Expiry {
    @Test
    void shopWithNoEventForTheTtlIsRemovedAndOthersStay() {
      Fixture f = fixture("limits: {shop_ttl: 2h}");
      f.send(order("quiet"));
      f.clock.advance(Duration.ofMinutes(90));
      f.send(order("busy"));
      f.clock.advance(Duration.ofMinutes(31));

      assertThat(f.state.expireIdleShops()).isEqualTo(1);

      var m = f.scrape();
      assertThat(m.samples("marketplace_orders_total"))
          .hasSize(2)
          .allSatisfy(s -> assertThat(s.labels()).containsEntry("shop", "busy"));
      assertThat(m.value("marketplace_exporter_shops_removed_total", "reason", "expired"))
          .isEqualTo(1.0);
    }

    @Test
    void zeroTtlKeepsShopsForever() {
      Fixture f = fixture("limits: {shop_ttl: 0s}");
      f.send(order("quiet"));
      f.clock.advance(Duration.ofDays(365));

      assertThat(f.state.expireIdleShops()).isZero();
      assertThat(f.scrape().samples("marketplace_orders_total")).hasSize(2);
    }
  }
}
