package io.marketplaceexporter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.model.Shard;
import io.marketplaceexporter.state.StateImage;
import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.TestClock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class StateRestorerTest {
  static final String START = "2026-11-24T08:00:00Z";

  static Fixture fixture(String yaml) {
    return new Fixture(ConfigLoader.parse(yaml), TestClock.at(START));
  }

  static StateImage.Shop shop(String shop, long lastSeenMillis, String job, String token) {
    return new StateImage.Shop(
        "amazon",
        "US",
        shop,
        lastSeenMillis,
        4L,
        1795505400.0,
        List.of(new StateImage.Sync("mabang", job, 1795507140)),
        Map.of(token, 1796083200.0),
        List.of(),
        List.of(),
        null);
  }

  static StateImage image(StateImage.Shop... shops) {
    return new StateImage(
        Arrays.asList(shops),
        new StateImage.Changes(
            List.of(new StateImage.Last("erp-sync", "deploy", 1795507000)),
            List.of(
                new StateImage.Entry("erp-sync", "deploy", "1.2.3", 1795507000, null, null, null)),
            List.of(
                new StateImage.Entry(
                    "erp-sync", "deploy", "1.2.3", 1795507000, null, null, null))));
  }

  @Nested
  class WhatComesBack {
    @Test
    void aCheckedImageReadsBackAsItWasWritten() {
      Fixture f = fixture("");
      long now = f.clock.millis();
      StateImage in = image(shop("S1", now, "inventory", "refresh"));

      StateRestorer.Restored r = StateRestorer.restore(f.state, in, Shard.single());

      assertThat(r).isEqualTo(new StateRestorer.Restored(1, 0, 1, 0, 0, 0));
      assertThat(f.state.image().shops()).containsExactly(in.shops().get(0));
      assertThat(f.state.recentChanges(10)).hasSize(1);
      assertThat(f.state.modifications()).isPositive();
    }

    @Test
    void shopsIdleForLongerThanTheShopTtlAreCountedAndLeftOut() {
      Fixture f = fixture("limits: {shop_ttl: 1h}");
      long now = f.clock.millis();
      StateImage in =
          image(
              shop("fresh", now - Duration.ofMinutes(59).toMillis(), "inventory", "refresh"),
              shop("idle", now - Duration.ofMinutes(61).toMillis(), "inventory", "refresh"));

      StateRestorer.Restored r = StateRestorer.restore(f.state, in, Shard.single());

      assertThat(r.shops()).isEqualTo(1);
      assertThat(r.expiredShops()).isEqualTo(1);
      assertThat(f.state.image().shops())
          .extracting(StateImage.Shop::shop)
          .containsExactly("fresh");
    }
  }

  @Nested
  class ABadImageChangesNothing {
    @Test
    void anUnknownLabelValueIsRefusedNamingTheField() {
      Fixture f = fixture("");
      long now = f.clock.millis();
      StateImage in =
          image(shop("S1", now, "inventory", "refresh"), shop("S2", now, "bogus", "refresh"));

      assertThatThrownBy(() -> StateRestorer.restore(f.state, in, Shard.single()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("syncs.job: unknown value");
      assertThat(f.state.sizes().shops()).isZero();
      assertThat(f.state.modifications()).isZero();
    }

    @Test
    void anUnknownTokenKindIsRefusedBeforeAnyShopIsRestored() {
      Fixture f = fixture("");
      long now = f.clock.millis();
      StateImage in =
          image(shop("S1", now, "inventory", "refresh"), shop("S2", now, "inventory", "bearer"));

      assertThatThrownBy(() -> StateRestorer.restore(f.state, in, Shard.single()))
          .hasMessage("tokens: unknown value");
      assertThat(f.state.sizes().shops()).isZero();
    }

    @Test
    void aNullEntryOrAMissingShopLabelIsRefused() {
      Fixture f = fixture("");
      assertThatThrownBy(
              () -> StateRestorer.restore(f.state, image((StateImage.Shop) null), Shard.single()))
          .hasMessage("shops: null entry");
      StateImage.Shop noShop =
          new StateImage.Shop("amazon", "US", null, 0, null, null, null, null, null, null, null);
      assertThatThrownBy(() -> StateRestorer.restore(f.state, image(noShop), Shard.single()))
          .hasMessage("shops: marketplace, site or shop missing");
      assertThat(f.state.sizes().shops()).isZero();
    }
  }
}
