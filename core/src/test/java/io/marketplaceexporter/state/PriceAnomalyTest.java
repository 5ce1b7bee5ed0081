package io.marketplaceexporter.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.PriceAnomalyKind;
import io.marketplaceexporter.support.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PriceAnomalyTest {
  private static final ShopKey SHOP = new ShopKey("shopee", "SG", "shop_1");
  private final TestClock clock = TestClock.at("2026-11-24T08:00:00Z");

  private MarketplaceState state(String yaml) {
    ExporterConfig c = ConfigLoader.parse(yaml);
    return new MarketplaceState(c.limits(), c.price(), clock);
  }

  private final MarketplaceState state = state("");

  private PriceAnomalyKind price(MarketplaceState s, String sku, double p) {
    return s.price(SHOP, sku, new PriceObservation(p, "SGD", Double.NaN, false));
  }

  @Nested
  class DropsAndSpikes {
    @Test
    void changeBeyondFifteenPercentOfTheLastNormalPriceIsAnAnomaly() {
      price(state, "A", 100);

      assertThat(price(state, "A", 115)).isNull();
      assertThat(price(state, "A", 132.3)).isEqualTo(PriceAnomalyKind.SPIKE);
      assertThat(price(state, "A", 110)).isNull();
      assertThat(price(state, "A", 93.5)).isNull();
      assertThat(price(state, "A", 79)).isEqualTo(PriceAnomalyKind.DROP);
    }

    @Test
    void repeatedWrongPriceStaysAnomalousBecauseTheReferenceIsTheLastNormalPrice() {
      price(state, "A", 100);
      price(state, "A", 50);
      price(state, "A", 50);
      price(state, "A", 50);

      assertThat(state.anomalies(10))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.kind()).isEqualTo("drop");
                assertThat(a.referencePrice()).isEqualTo(100.0);
                assertThat(a.price()).isEqualTo(50.0);
              });
    }

    @Test
    void confirmedPriceBecomesTheNewNormal() {
      price(state, "A", 100);
      price(state, "A", 50);
      state.price(SHOP, "A", new PriceObservation(50, "SGD", Double.NaN, true));

      assertThat(state.anomalies(10)).isEmpty();
      assertThat(price(state, "A", 52)).isNull();
    }

    @Test
    void currencyChangeResetsTheReference() {
      price(state, "A", 100);
      PriceAnomalyKind k =
          state.price(SHOP, "A", new PriceObservation(330, "MYR", Double.NaN, false));

      assertThat(k).isNull();
    }

    @Test
    void perShopThresholdOverridesTheGlobalOne() {
      MarketplaceState s =
          state(
              """
              price:
                change_threshold: 0.15
                overrides:
                  - marketplace: shopee
                    shop: shop_1
                    change_threshold: 0.5
              """);
      price(s, "A", 100);

      assertThat(price(s, "A", 140)).isNull();
      assertThat(price(s, "A", 250)).isEqualTo(PriceAnomalyKind.SPIKE);
    }
  }

  @Nested
  class ZeroAndFloor {
    @Test
    void negativePriceIsAZeroAnomaly() {
      assertThat(price(state, "A", -1)).isEqualTo(PriceAnomalyKind.ZERO);
    }

    @Test
    void priceUnderItsFloorIsBelowFloorAndTheFloorIsRemembered() {
      assertThat(state.price(SHOP, "A", new PriceObservation(9, "SGD", 10, false)))
          .isEqualTo(PriceAnomalyKind.BELOW_FLOOR);
      assertThat(price(state, "A", 9.5)).isEqualTo(PriceAnomalyKind.BELOW_FLOOR);
      assertThat(price(state, "A", 10)).isNull();
    }

    @Test
    void skuMovesBetweenKindsWithoutBeingCountedTwice() {
      price(state, "A", 100);
      price(state, "A", 0);
      price(state, "A", 50);

      assertThat(anomalous(state, "zero")).isZero();
      assertThat(anomalous(state, "drop")).isEqualTo(1.0);
    }
  }

  @Nested
  class Listing {
    @Test
    void anomaliesAreListedNewestFirstWithNegativeStock() {
      price(state, "OLD", 0);
      clock.advance(Duration.ofMinutes(1));
      state.inventory(SHOP, "OVERSOLD", -3);
      clock.advance(Duration.ofMinutes(1));
      price(state, "NEW", -5);

      assertThat(state.anomalies(10))
          .extracting(Anomaly::sku, Anomaly::kind)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("NEW", "zero"),
              org.assertj.core.groups.Tuple.tuple("OVERSOLD", "negative_stock"),
              org.assertj.core.groups.Tuple.tuple("OLD", "zero"));
      assertThat(state.anomalies(2)).hasSize(2);
    }
  }

  @Nested
  class Currency {
    /** A code as the JSON parser hands it over: a string of its own for every event. */
    private PriceAnomalyKind zeroPriced(String sku, String currency) {
      return state.price(
          SHOP, sku, new PriceObservation(0, new String(currency), Double.NaN, false));
    }

    @Test
    void skusOfTheSameCurrencyShareOneStringAndKeepTheirCode() {
      zeroPriced("A", "SGD");
      zeroPriced("B", "SGD");
      zeroPriced("C", "MYR");

      assertThat(currencyOf("A")).isEqualTo("SGD").isSameAs(currencyOf("B"));
      assertThat(currencyOf("C")).isEqualTo("MYR");
    }

    @Test
    void aLaterEventKeepsTheSharedString() {
      zeroPriced("A", "SGD");
      zeroPriced("B", "SGD");
      zeroPriced("B", "SGD");

      assertThat(currencyOf("B")).isSameAs(currencyOf("A"));
    }

    private String currencyOf(String sku) {
      return state.anomalies(10).stream()
          .filter(a -> a.sku().equals(sku))
          .findFirst()
          .orElseThrow()
          .currency();
    }
  }

  @Nested
  class Bounds {
    @Test
    void leastRecentlySeenSkuIsEvictedAndStopsCountingAsAnomalous() {
      MarketplaceState s = state("limits: {max_tracked_skus: 2}");
      price(s, "A", 0);
      price(s, "B", 10);
      price(s, "C", 10);

      assertThat(s.sizes().trackedSkus()).isEqualTo(2);
      assertThat(s.sizes().skusEvicted()).isEqualTo(1);
      assertThat(s.anomalies(10)).isEmpty();
      assertThat(anomalous(s, "zero")).isZero();
    }

    @Test
    void evictedNegativeStockSkuStopsCounting() {
      MarketplaceState s = state("limits: {max_tracked_skus: 1}");
      s.inventory(SHOP, "A", -1);
      s.inventory(SHOP, "B", 5);

      var values = new java.util.ArrayList<Double>();
      s.collect(SeriesFamily.INVENTORY_NEGATIVE_SKUS, (v, l) -> values.add(v));
      assertThat(values).containsExactly(0.0);
    }
  }

  /** The exposed value of {@code marketplace_price_anomalous_skus} for the test shop. */
  static double anomalous(MarketplaceState s, String kind) {
    double[] v = {Double.NaN};
    s.collect(
        SeriesFamily.PRICE_ANOMALOUS_SKUS,
        (value, labels) -> {
          if (labels.get("shop").equals(SHOP.shop()) && labels.get("kind").equals(kind)) {
            v[0] = value;
          }
        });
    return v[0];
  }
}
