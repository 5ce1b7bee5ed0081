package io.marketplaceexporter.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.Outcome;
import io.marketplaceexporter.model.Vocabulary.PaymentStatus;
import io.marketplaceexporter.support.TestClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The parts of a shop that most shops never use (payments, listings) exist from the shop's first
 * event of their kind: before it they expose nothing and hold nothing, after it they behave as if
 * they had been there from the start.
 */
class ShopPartsTest {
  private static final ShopKey SHOP = new ShopKey("shopee", "SG", "shop_1");

  private final MarketplaceState state = state("");

  private static MarketplaceState state(String yaml) {
    ExporterConfig c = ConfigLoader.parse(yaml);
    return new MarketplaceState(c.limits(), c.price(), TestClock.at("2026-11-24T08:00:00Z"));
  }

  private List<String> samples(MarketplaceState s, SeriesFamily family) {
    List<String> out = new ArrayList<>();
    s.collect(family, (v, labels) -> out.add(labels + " " + v));
    return out;
  }

  private StateImage.Shop image() {
    return state.image().shops().get(0);
  }

  @Nested
  class ShopWithOrdersOnly {
    @Test
    void exposesNoPaymentOrListingSeries() {
      state.orders(SHOP, Outcome.SUCCESS, null, 1);

      for (SeriesFamily f :
          List.of(
              SeriesFamily.PAYMENTS,
              SeriesFamily.PAYMENTS_UNMATCHED,
              SeriesFamily.PAYMENT_OLDEST_UNMATCHED_AGE,
              SeriesFamily.LISTINGS)) {
        assertThat(samples(state, f)).as(f.name()).isEmpty();
      }
    }

    @Test
    void hasNoPaymentsOrListingsInItsSnapshot() {
      state.orders(SHOP, Outcome.SUCCESS, null, 1);

      assertThat(image().payments()).isEmpty();
      assertThat(image().listings()).isNull();
    }

    @Test
    void isRetiredGivingBackOnlyWhatItHeld() {
      state.orders(SHOP, Outcome.SUCCESS, null, 1);

      assertThat(state.retire(SHOP)).isTrue();
      assertThat(state.budget().used(SeriesFamily.PAYMENTS)).isZero();
      assertThat(state.budget().used(SeriesFamily.LISTINGS)).isZero();
      assertThat(state.budget().used(SeriesFamily.ORDERS)).isZero();
    }
  }

  @Nested
  class FirstPaymentOfAnExistingShop {
    @Test
    void createsEveryStatusFromZeroAndTracksTheCapture() {
      state.orders(SHOP, Outcome.SUCCESS, null, 1);
      state.payment(SHOP, "gw", "P1", PaymentStatus.CAPTURED, 1.0);

      assertThat(samples(state, SeriesFamily.PAYMENTS))
          .hasSize(PaymentStatus.values().length)
          .filteredOn(s -> s.contains("captured"))
          .singleElement()
          .asString()
          .endsWith(" 1.0");
      assertThat(samples(state, SeriesFamily.PAYMENTS_UNMATCHED))
          .singleElement()
          .asString()
          .endsWith(" 1.0");
      assertThat(image().payments()).containsExactly(new StateImage.Payment("gw", "P1", 1.0));
    }

    @Test
    void isRejectedWhenThePaymentFamilyIsFullAndLeavesNothingBehind() {
      MarketplaceState s = state("limits: {max_series_per_metric: 3}");
      ShopKey other = new ShopKey("shopee", "SG", "shop_2");
      s.payment(other, "gw", "P0", PaymentStatus.MATCHED, Double.NaN); // its 3 statuses fill it
      s.orders(SHOP, Outcome.SUCCESS, null, 1);

      assertThat(s.payment(SHOP, "gw", "P1", PaymentStatus.CAPTURED, 1.0))
          .isEqualTo(SeriesFamily.PAYMENTS);
      assertThat(samples(s, SeriesFamily.PAYMENTS_UNMATCHED)).noneMatch(l -> l.contains("shop_1"));
      assertThat(s.image().shops())
          .filteredOn(shop -> shop.shop().equals(SHOP.shop()))
          .singleElement()
          .satisfies(shop -> assertThat(shop.payments()).isEmpty());
    }
  }

  @Nested
  class FirstListingCountsOfAnExistingShop {
    @Test
    void exposeEveryStatus() {
      state.orders(SHOP, Outcome.SUCCESS, null, 1);
      state.listings(SHOP, new ListingCounts(5, 1, 0, 0));

      assertThat(samples(state, SeriesFamily.LISTINGS)).hasSize(4);
      assertThat(image().listings()).containsEntry("active", 5L).containsEntry("inactive", 1L);
    }
  }
}
