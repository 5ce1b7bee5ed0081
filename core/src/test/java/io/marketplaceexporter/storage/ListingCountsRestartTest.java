package io.marketplaceexporter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.model.Shard;
import io.marketplaceexporter.state.StateImage;
import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 19: a shop's listing counts come back after a restart, from the state snapshot. */
class ListingCountsRestartTest {
  static final String COUNTS =
      "{\"type\":\"listing_status\",\"marketplace\":\"lazada\",\"site\":\"MY\",\"shop\":\"L1\","
          + "\"counts\":{\"active\":900,\"under_review\":85,\"suppressed\":15}}";

  @TempDir Path dir;

  static Fixture fixture() {
    return new Fixture(ConfigLoader.parse(""), TestClock.at("2026-11-24T08:00:00Z"));
  }

  static StateStore store(Fixture f, Path dir) {
    return new StateStore(
        dir, Duration.ofSeconds(5), f.state, f.ingest, new StorageMetrics(f.registry), f.clock);
  }

  static Double listed(Fixture f, String status) {
    return f.value(
        "marketplace_listings",
        "marketplace",
        "lazada",
        "site",
        "MY",
        "shop",
        "L1",
        "status",
        status);
  }

  static StateImage.Shop shop(Map<String, Long> listings) {
    return new StateImage.Shop(
        "lazada", "MY", "L1", 1795507140000L, null, null, null, null, null, null, listings);
  }

  static StateImage image(StateImage.Shop shop) {
    return new StateImage(List.of(shop), null);
  }

  @Nested
  class AfterARestart {
    @Test
    void everyStatusComesBackWithItsCount() {
      Fixture before = fixture();
      assertThat(before.send(COUNTS).accepted()).isEqualTo(1);
      assertThat(store(before, dir).writeIfChanged()).isTrue();

      Fixture after = fixture();
      store(after, dir).restore();

      assertThat(after.scrape().samples("marketplace_listings"))
          .isEqualTo(before.scrape().samples("marketplace_listings"))
          .hasSize(4);
      assertThat(listed(after, "under_review")).isEqualTo(85.0);
      assertThat(listed(after, "inactive")).isEqualTo(0.0);
    }

    @Test
    void aShopThatNeverCountedListingsHasNoListingSeries() {
      Fixture f = fixture();

      StateRestorer.restore(f.state, image(shop(null)), Shard.single());

      assertThat(f.state.sizes().shops()).isEqualTo(1);
      assertThat(f.scrape().samples("marketplace_listings")).isEmpty();
    }
  }

  @Nested
  class ABadImage {
    @Test
    void anUnknownStatusIsRefusedAndNothingIsRestored() {
      Fixture f = fixture();

      assertThatThrownBy(
              () ->
                  StateRestorer.restore(
                      f.state, image(shop(Map.of("active", 3L, "banned", 1L))), Shard.single()))
          .hasMessage("listings: unknown value");
      assertThat(f.state.sizes().shops()).isZero();
    }

    @Test
    void aNegativeCountIsRefused() {
      Fixture f = fixture();

      assertThatThrownBy(
              () ->
                  StateRestorer.restore(
                      f.state, image(shop(Map.of("active", -3L))), Shard.single()))
          .hasMessage("listings: count missing or negative");
    }
  }
}
