package io.marketplaceexporter.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.support.TestClock;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  private static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }

  @Nested
  class Exponential {
    final RetryPolicy policy = RetryPolicy.exact(seconds(20));

    @Test
    void theBaseDoublesPerFailureAfterTheFirstUpToTheCap() {
      Duration base = seconds(5);
      assertThat(policy.delay(base, 1, null)).isEqualTo(seconds(5));
      assertThat(policy.delay(base, 2, null)).isEqualTo(seconds(10));
      assertThat(policy.delay(base, 3, null)).isEqualTo(seconds(20));
      assertThat(policy.delay(base, 4, null)).isEqualTo(seconds(20));
      assertThat(policy.delay(base, Integer.MAX_VALUE, null)).isEqualTo(seconds(20));
    }

    @Test
    void aDoublingPastTheCapStopsAtTheCap() {
      assertThat(policy.delay(seconds(15), 2, null)).isEqualTo(seconds(20));
    }

    @Test
    void noFailureIsTheBase() {
      assertThat(policy.delay(seconds(5), 0, null)).isEqualTo(seconds(5));
    }

    @Test
    void aBaseAboveTheCapIsKept() {
      assertThat(policy.delay(Duration.ofMinutes(1), 5, null)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void manyFailuresOfALongBaseNeverOverflow() {
      RetryPolicy wide = RetryPolicy.exact(Duration.ofDays(365 * 1000L));
      assertThat(wide.delay(Duration.ofDays(1), 10_000, null)).isEqualTo(Duration.ofDays(365_000));
    }
  }

  @Nested
  class Jitter {
    @Test
    void spreadsEachDelayWithinItsFractionBothWays() {
      RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(10), 0.1, new Random(7));
      Duration min = Duration.ofMinutes(10);
      Duration max = Duration.ZERO;
      for (int i = 0; i < 200; i++) {
        Duration d = policy.delay(Duration.ofMinutes(1), 2, null);
        assertThat(d).isBetween(seconds(108), seconds(132));
        min = d.compareTo(min) < 0 ? d : min;
        max = d.compareTo(max) > 0 ? d : max;
      }
      assertThat(min).isLessThan(Duration.ofMinutes(2));
      assertThat(max).isGreaterThan(Duration.ofMinutes(2));
    }

    @Test
    void neverGivesLessThanAMillisecond() {
      RetryPolicy policy = new RetryPolicy(SECOND, 1, new Random(3));
      for (int i = 0; i < 200; i++) {
        assertThat(policy.delay(Duration.ofMillis(1), 0, null)).isPositive();
      }
    }

    @Test
    void anExactPolicyNeedsNoRandom() {
      assertThat(new RetryPolicy(SECOND, 0, null).delay(SECOND, 0, null)).isEqualTo(SECOND);
    }
  }

  @Nested
  class RetryAfter {
    final RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(10), 0.1, new Random(1));

    @Test
    void isALowerBoundAfterJitter() {
      assertThat(policy.delay(Duration.ofMinutes(1), 1, Duration.ofMinutes(3)))
          .isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aShorterRetryAfterDoesNotShortenTheBackoff() {
      RetryPolicy exact = RetryPolicy.exact(Duration.ofMinutes(10));
      assertThat(exact.delay(Duration.ofMinutes(1), 3, seconds(5)))
          .isEqualTo(Duration.ofMinutes(4));
    }

    @Test
    void isHonouredAboveTheBackoffCapButAtMostAnHour() {
      assertThat(policy.delay(Duration.ofMinutes(1), 1, Duration.ofMinutes(30)))
          .isEqualTo(Duration.ofMinutes(30));
      assertThat(policy.delay(Duration.ofMinutes(1), 1, Duration.ofDays(2)))
          .isEqualTo(RetryPolicy.MAX_RETRY_AFTER);
    }
  }

  @Nested
  class ParsingRetryAfter {
    final TestClock clock = TestClock.at("2026-11-24T10:00:00Z");

    @Test
    void readsDelaySeconds() {
      assertThat(RetryPolicy.parseRetryAfter("120", clock)).isEqualTo(seconds(120));
      assertThat(RetryPolicy.parseRetryAfter(" 0 ", clock)).isEqualTo(Duration.ZERO);
    }

    @Test
    void readsAnHttpDateAsTheTimeLeftUntilThen() {
      assertThat(RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 10:05:00 GMT", clock))
          .isEqualTo(Duration.ofMinutes(5));
      assertThat(RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 09:00:00 GMT", clock))
          .isEqualTo(Duration.ZERO);
    }

    @Test
    void capsDelaySecondsAtAnHour() {
      assertThat(RetryPolicy.parseRetryAfter("999999", clock)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void ignoresWhatItCannotRead() {
      assertThat(RetryPolicy.parseRetryAfter(null, clock)).isNull();
      assertThat(RetryPolicy.parseRetryAfter("  ", clock)).isNull();
      assertThat(RetryPolicy.parseRetryAfter("soon", clock)).isNull();
      assertThat(RetryPolicy.parseRetryAfter("-5", clock)).isNull();
      assertThat(RetryPolicy.parseRetryAfter("1.5", clock)).isNull();
      assertThat(RetryPolicy.parseRetryAfter("99999999999999999999", clock)).isNull();
    }
  }

  @Nested
  class Parameters {
    @Test
    void areCheckedWhenThePolicyIsMade() {
      assertThatThrownBy(() -> RetryPolicy.exact(Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("max");
      assertThatThrownBy(() -> new RetryPolicy(SECOND, 1.5, new Random()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("jitter");
      assertThatThrownBy(() -> new RetryPolicy(SECOND, Double.NaN, new Random()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("jitter");
      assertThatThrownBy(() -> new RetryPolicy(SECOND, 0.1, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessageContaining("random");
    }
  }
}
