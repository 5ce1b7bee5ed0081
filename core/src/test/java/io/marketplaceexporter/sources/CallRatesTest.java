package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The documented call rates on an injected clock: a call either gets its permit or fails now. */
class CallRatesTest {
  static final long SECOND = 1_000_000_000L;
  final AtomicLong now = new AtomicLong(SECOND);
  final CallRates rates = new CallRates(now::get, Duration.ZERO);

  /** Tries one call every {@code everyNanos} for {@code total}; the times of those let through. */
  List<Long> tryCalls(CallRates.Gate gate, long everyNanos, Duration total) {
    List<Long> granted = new ArrayList<>();
    long end = now.get() + total.toNanos();
    while (now.get() < end) {
      try {
        gate.acquire("getOrders");
        granted.add(now.get());
      } catch (PollException e) {
        assertThat(e.reason()).isEqualTo(PollError.THROTTLED);
      }
      now.addAndGet(everyNanos);
    }
    return granted;
  }

  /** The most calls in any stretch of {@code window} starting at a call. */
  static int mostWithin(List<Long> times, Duration window) {
    int most = 0;
    for (int i = 0; i < times.size(); i++) {
      int n = 0;
      for (int j = i; j < times.size() && times.get(j) - times.get(i) < window.toNanos(); j++) {
        n++;
      }
      most = Math.max(most, n);
    }
    return most;
  }

  @Nested
  class AfterAnOutage {
    @Test
    void amazonsGetOrdersRateHoldsWhenEveryShopCatchesUpAtOnce() {
      CallRates.Rate getOrders = new CallRates.Rate(1, Duration.ofSeconds(60), 20);
      CallRates.Gate gate = rates.appGate("amazon/seller/US/A1", getOrders);
      now.addAndGet(Duration.ofMinutes(30).toNanos()); // the marketplace was down: nothing called

      List<Long> granted = tryCalls(gate, SECOND / 10, Duration.ofHours(2));

      // The token bucket allows at most burst + rate × t in any stretch t.
      for (Duration t :
          List.of(Duration.ofSeconds(1), Duration.ofMinutes(10), Duration.ofHours(1))) {
        assertThat(mostWithin(granted, t))
            .as("calls within " + t)
            .isLessThanOrEqualTo(20 + (int) (t.toSeconds() / 60));
      }
      assertThat(granted)
          .as("one call a minute on average still goes through")
          .hasSizeBetween(115, 130);
    }

    @Test
    void aDailyQuotaIsSpreadOverTheDayNotSpentInTheFirstMinutes() {
      CallRates.Rate quota = new CallRates.Rate(10_000, Duration.ofDays(1), 1);
      CallRates.Gate gate = rates.appGate("lazada/app/1", quota);
      now.addAndGet(Duration.ofHours(3).toNanos());

      List<Long> granted = tryCalls(gate, SECOND, Duration.ofMinutes(10));

      // 10,000 a day is one call every 8.64 s.
      assertThat(granted).hasSizeBetween(69, 71);
      assertThat(mostWithin(granted, Duration.ofSeconds(8))).isEqualTo(1);
    }
  }

  @Nested
  class Refusals {
    @Test
    void aHeldCallIsAThrottledPollThatNamesTheOptionAndWhenToComeBack() throws Exception {
      CallRates.Gate gate =
          rates.appGate(
              "sources[0].options.app_rate_limit",
              new CallRates.Rate(1, Duration.ofSeconds(30), 1));
      gate.acquire("/orders/get");
      assertThatThrownBy(() -> gate.acquire("/orders/get"))
          .isInstanceOfSatisfying(
              PollException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(PollError.THROTTLED);
                assertThat(e.getMessage())
                    .contains("/orders/get", "sources[0].options.app_rate_limit");
                assertThat(e.retryAfter())
                    .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(31));
              });
    }

    @Test
    void aCallThatCannotGetItsPermitWithinTheLongestWaitFailsAtOnceInsteadOfWaitingItOut()
        throws Exception {
      // The next permit is 30 s away, beyond the 10 s the exporter waits. On the real clock: the
      // limiter's wait would never end on the injected one.
      CallRates waiting = new CallRates(System::nanoTime, CallRates.MAX_WAIT);
      CallRates.Gate gate =
          waiting.appGate("app", new CallRates.Rate(1, Duration.ofSeconds(30), 1));
      gate.acquire("/orders/get");

      long started = System.nanoTime();
      assertThatThrownBy(() -> gate.acquire("/orders/get"))
          .isInstanceOfSatisfying(
              PollException.class, e -> assertThat(e.reason()).isEqualTo(PollError.THROTTLED));
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("the poll's place is not held for the longest wait")
          .isLessThan(CallRates.MAX_WAIT.dividedBy(2));
    }

    @Test
    void aRateIsCallsPerDurationWithAnOptionalBurstOrNone() {
      assertThat(CallRates.Rate.parse("1/60s burst 20", "k"))
          .isEqualTo(new CallRates.Rate(1, Duration.ofSeconds(60), 20));
      assertThat(CallRates.Rate.parse("10000000/1d", "k"))
          .isEqualTo(new CallRates.Rate(10_000_000, Duration.ofDays(1), 1));
      assertThat(CallRates.Rate.parse("none", "k").limited()).isFalse();
      for (String bad :
          List.of("", "60s", "0/1s", "1/0s", "x/1s", "1/60s burst", "1/1ms burst 0")) {
        assertThatThrownBy(() -> CallRates.Rate.parse(bad, "sources[2].options.seller_rate_limit"))
            .isInstanceOf(ConfigException.class)
            .hasMessageStartingWith("sources[2].options.seller_rate_limit: must be none or");
      }
    }
  }
}
