package io.marketplaceexporter.sources;

import static io.marketplaceexporter.sources.PollResilienceTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.PollingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The scheduler with many fake shops behind one application: the documented rate holds after an
 * outage, and the places follow how long polls take. Nothing here sleeps: the fake marketplace
 * answers late where a test says so, and the test waits for conditions with generous deadlines.
 */
class PollCatchUpTest {
  final SourcesTestSupport t = new SourcesTestSupport();

  /** A shop of the fake marketplace: each poll is one call taking a permit from the gate. */
  static final class Shop {
    final SourceSchedulerTest.FakeSource source;
    final AtomicInteger successes = new AtomicInteger();
    volatile boolean down;
    volatile CountDownLatch latency;

    Shop(String name, Duration interval, CallRates.Gate gate, List<Long> calls) {
      source = new SourceSchedulerTest.FakeSource(name, interval);
      source.call =
          () -> {
            gate.acquire("orders");
            calls.add(System.nanoTime());
            CountDownLatch slow = latency;
            if (slow != null) {
              try {
                slow.await(200, TimeUnit.MILLISECONDS); // the marketplace answers late
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            if (down) {
              throw new PollException(PollError.CONNECTION, "orders: calling failed");
            }
            successes.incrementAndGet();
          };
    }
  }

  List<Shop> shops(int n, Duration interval, CallRates.Gate gate, List<Long> calls) {
    List<Shop> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new Shop("shop-" + i, interval, gate, calls));
    }
    return out;
  }

  SourceScheduler scheduler(List<Shop> shops, int maxInFlight) {
    List<Source> sources = shops.stream().map(s -> (Source) s.source).toList();
    return new SourceScheduler(
        sources,
        new PollingConfig(maxInFlight, 0.1, Duration.ofSeconds(1)),
        new SourceHealth(t.registry, sources.stream().map(Source::name).toList()),
        t.clock,
        new Random(1));
  }

  @Nested
  class AfterAnOutage {
    @Test
    void overduePollsOfManyShopsKeepTheApplicationsRateWhenTheMarketplaceComesBack()
        throws Exception {
      // 10 calls a second, burst 4: at most 10·t + 4 calls in any stretch t.
      CallRates rates = new CallRates(System::nanoTime, Duration.ofMillis(500));
      CallRates.Gate gate = rates.appGate("app", new CallRates.Rate(10, Duration.ofSeconds(1), 4));
      List<Long> calls = Collections.synchronizedList(new ArrayList<>());
      // 30 shops every 5 s want 6 calls a second, within the rate; failing, they back off to at
      // most 1 s, so the overdue polls come back three times faster than the rate allows. (With
      // more shops than the rate can serve in steady state, 30 every 500 ms, the last of them took
      // 40-65 s to win a permit: a test of starvation, not of catching up.)
      List<Shop> shops = shops(30, Duration.ofSeconds(5), gate, calls);
      shops.forEach(s -> s.down = true);

      try (SourceScheduler s = scheduler(shops, 256)) {
        s.start();
        // The outage lasts several intervals: every shop has failed (or been held back) a few
        // times.
        await(Duration.ofSeconds(60), () -> calls.size() >= 60);
        shops.forEach(shop -> shop.down = false);
        await(Duration.ofSeconds(60), () -> shops.stream().allMatch(x -> x.successes.get() > 0));
      }

      List<Long> times;
      synchronized (calls) {
        times = new ArrayList<>(calls);
      }
      Collections.sort(times);
      assertThat(CallRatesTest.mostWithin(times, Duration.ofSeconds(1))).isLessThanOrEqualTo(14);
      assertThat(CallRatesTest.mostWithin(times, Duration.ofMillis(100))).isLessThanOrEqualTo(6);
    }
  }

  @Nested
  class AdaptiveConcurrency {
    @Test
    void placesGrowWhenPollsGetSlowAndShrinkWhenTheyGetFast() throws Exception {
      List<Long> calls = Collections.synchronizedList(new ArrayList<>());
      List<Shop> shops = shops(40, Duration.ofMillis(500), CallRates.Gate.OPEN, calls);
      CountDownLatch slow = new CountDownLatch(1);
      shops.forEach(s -> s.latency = slow);

      try (SourceScheduler s = scheduler(shops, 64)) {
        assertThat(s.placesNow()).isEqualTo(4);
        s.start();
        await(Duration.ofSeconds(60), () -> s.placesNow() >= 12 && s.runningNow() > 4);
        assertThat(t.value("marketplace_exporter_poll_concurrency_limit"))
            .isGreaterThanOrEqualTo(12);

        slow.countDown(); // the marketplace answers at once again
        await(Duration.ofSeconds(90), () -> s.placesNow() == 4);
        assertThat(s.placesNow()).isLessThanOrEqualTo(64);
      }
    }
  }
}
