package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The adaptive concurrency on an injected clock: no thread, no wait. */
class AdaptiveLimitTest {
  final AtomicLong now = new AtomicLong(1_000_000_000L);
  final AdaptiveLimit limit = new AdaptiveLimit(4, 256, now::get);

  /** {@code seconds} seconds of {@code perSecond} due polls each holding its place {@code held}. */
  void run(int seconds, int perSecond, double held) {
    for (int s = 0; s < seconds; s++) {
      for (int i = 0; i < perSecond; i++) {
        limit.due();
        limit.released(held);
        now.addAndGet(1_000_000_000L / perSecond);
      }
      limit.limit(0);
    }
  }

  @Nested
  class Growing {
    @Test
    void startsAtTheMinimumBeforeAnyPollEnded() {
      for (int i = 0; i < 100; i++) {
        limit.due();
      }
      now.addAndGet(3_000_000_000L);
      assertThat(limit.limit(0)).isEqualTo(4);
    }

    @Test
    void growsToDuePollsASecondTimesTheirDurationWithHeadroomWhenPollsGetSlow() {
      run(12, 100, 0.01);
      assertThat(limit.limit(0)).isEqualTo(4);

      run(12, 100, 0.3); // 100 a second × 0.3 s × 2 = 60, plus one
      assertThat(limit.limit(0)).isEqualTo(61);
    }

    @Test
    void growsWithinASecondOfPollsGettingSlow() {
      run(12, 100, 0.01);
      run(2, 100, 0.5);
      assertThat(limit.limit(0)).isGreaterThanOrEqualTo(30);
    }

    @Test
    void givesPollsWaitingForAPlaceTheirPlacesAtOnceUpToTheBound() {
      run(12, 100, 0.3);
      assertThat(limit.limit(0)).isEqualTo(61);
      assertThat(limit.limit(111)).as("within the same second").isEqualTo(111);
      assertThat(limit.limit(10_000)).as("never above the bound").isEqualTo(256);
    }

    @Test
    void neverExceedsTheConfiguredBound() {
      AdaptiveLimit small = new AdaptiveLimit(4, 16, now::get);
      for (int s = 0; s < 12; s++) {
        for (int i = 0; i < 1000; i++) {
          small.due();
          small.released(5);
          now.addAndGet(1_000_000L);
        }
        small.limit(0);
      }
      assertThat(small.limit(0)).isEqualTo(16);
    }
  }

  @Nested
  class Shrinking {
    @Test
    void shrinksStepByStepBackToTheMinimumWhenPollsGetFast() {
      run(12, 100, 0.3);
      assertThat(limit.limit(0)).isEqualTo(61);

      run(1, 100, 0.001);
      int afterOneSecond = limit.limit(0);
      assertThat(afterOneSecond).as("a quarter a second at most").isBetween(45, 60);

      run(20, 100, 0.001);
      assertThat(limit.limit(0)).isEqualTo(4);
    }

    @Test
    void keepsItsPlacesThroughAQuietSpellWithoutPolls() {
      run(12, 100, 0.3);
      now.addAndGet(30_000_000_000L);
      assertThat(limit.limit(0)).isEqualTo(61);
    }
  }
}
