package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.marketplaceexporter.config.PollingConfig;
import io.marketplaceexporter.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SourceSchedulerTest {
  final SourcesTestSupport t = new SourcesTestSupport();

  /** A source whose polls do what the test says. */
  static final class FakeSource implements Source {
    /** What a poll does first, as a marketplace call would. */
    @FunctionalInterface
    interface Call {
      void run() throws PollException;
    }

    final String name;
    final Duration interval;
    final AtomicInteger polls = new AtomicInteger();
    volatile Call call = () -> {};
    volatile CountDownLatch block;
    volatile PollException failure;
    volatile RuntimeException bug;
    volatile Error error;

    FakeSource(String name, Duration interval) {
      this.name = name;
      this.interval = interval;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Duration interval() {
      return interval;
    }

    @Override
    public void poll() throws PollException {
      polls.incrementAndGet();
      call.run();
      CountDownLatch b = block;
      if (b != null) {
        try {
          b.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (error != null) {
        throw error;
      }
      if (bug != null) {
        throw bug;
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 5s");
      }
      Thread.sleep(10);
    }
  }

  /** A scheduler of {@code a} and {@code b} with at most {@code places} polls at once. */
  SourceScheduler twoSources(FakeSource a, FakeSource b, int places, Duration slowPoll) {
    return new SourceScheduler(
        List.of(a, b),
        new PollingConfig(places, 0, Duration.ofSeconds(1)),
        new SourceHealth(t.registry, List.of(a.name(), b.name())),
        t.clock,
        new Random(1),
        slowPoll);
  }

  @Nested
  class Isolation {
    @Test
    void aHangingSourceDelaysNeitherAnotherSourceNorTheScrape() throws Exception {
      FakeSource slow = new FakeSource("slow", Duration.ofMillis(20));
      FakeSource fast = new FakeSource("fast", Duration.ofMillis(20));
      slow.block = new CountDownLatch(1);
      try (SourceScheduler s = twoSources(slow, fast, 2, SourceScheduler.SLOW_POLL)) {
        s.start();
        await(() -> slow.polls.get() == 1 && fast.polls.get() >= 5);
        assertTimeoutPreemptively(Duration.ofSeconds(2), t::scrape);
        assertThat(slow.polls.get()).as("one poll at a time per source").isEqualTo(1);
        slow.block.countDown();
        await(() -> slow.polls.get() >= 2);
      }
    }
  }

  @Nested
  class SlowPolls {
    @Test
    void aPollThatOutlivesSlowPollGivesItsOnlyPlaceToTheOtherSources() throws Exception {
      FakeSource hanging = new FakeSource("hanging", Duration.ofMillis(20));
      FakeSource healthy = new FakeSource("healthy", Duration.ofMillis(20));
      hanging.block = new CountDownLatch(1);
      try (SourceScheduler s = twoSources(hanging, healthy, 1, Duration.ofMillis(200))) {
        s.start();
        await(() -> hanging.polls.get() == 1);

        await(() -> healthy.polls.get() >= 5);

        assertThat(s.runningNow()).as("the hanging poll holds no place").isLessThanOrEqualTo(1);
        assertThat(hanging.polls.get()).as("still one poll at a time per source").isEqualTo(1);
        hanging.block.countDown();
        await(() -> hanging.polls.get() >= 2);
      }
    }

    @Test
    void placesAreCheckedEveryFifthOfSlowPollFrom10MsToASecond() {
      assertThat(SourceScheduler.tickMillis(Duration.ofSeconds(5))).isEqualTo(1000);
      assertThat(SourceScheduler.tickMillis(Duration.ofMillis(200))).isEqualTo(40);
      assertThat(SourceScheduler.tickMillis(Duration.ofMillis(20))).isEqualTo(10);
    }
  }

  @Nested
  class Punctuality {
    @Test
    void firstPollsOfAFewSourcesComeWithinASecondOfThousandsOverUpToAnInterval() {
      List<Source> few = new java.util.ArrayList<>();
      List<Source> many = new java.util.ArrayList<>();
      for (int i = 0; i < 10_000; i++) {
        (i < 8 ? few : many).add(new FakeSource("s" + i, Duration.ofSeconds(60)));
      }
      FakeSource fast = new FakeSource("fast", Duration.ofMillis(300));
      many.add(fast);

      try (SourceScheduler a = t.scheduler(few);
          SourceScheduler b =
              new SourceScheduler(
                  many,
                  PollingConfig.defaults(),
                  new SourceHealth(
                      new io.prometheus.metrics.model.registry.PrometheusRegistry(),
                      many.stream().map(Source::name).toList()),
                  t.clock,
                  new Random(1))) {
        assertThat(a.startSpread(few.get(0))).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.startSpread(many.get(0))).isEqualTo(Duration.ofSeconds(60));
        assertThat(b.startSpread(fast)).isEqualTo(Duration.ofMillis(300));
      }
    }

    @Test
    void aPollWaitingForABusyWorkerCountsAsLateInThePollDelayHistogram() throws Exception {
      FakeSource slow = new FakeSource("slow", Duration.ofMillis(20));
      FakeSource waiting = new FakeSource("waiting", Duration.ofMillis(20));
      slow.block = new CountDownLatch(1);
      waiting.block = new CountDownLatch(1);
      try (SourceScheduler s = twoSources(slow, waiting, 1, SourceScheduler.SLOW_POLL)) {
        s.start();
        await(() -> slow.polls.get() + waiting.polls.get() == 1);
        Thread.sleep(1100); // the other source's first poll is due within 1 s and must wait
        slow.block.countDown();
        waiting.block.countDown();
        await(() -> slow.polls.get() >= 2 && waiting.polls.get() >= 2);
      }
      double count = t.value("marketplace_exporter_poll_delay_seconds_count");
      double onTime = t.value("marketplace_exporter_poll_delay_seconds_bucket", "le", "0.1");
      assertThat(count).isGreaterThanOrEqualTo(4);
      assertThat(count - onTime).as("polls that started more than 0.1 s late").isGreaterThan(0);
      // On time within 0.1 s, not 5 ms: on a loaded machine the timer thread itself may start late.
      assertThat(onTime).as("the first poll started on time").isGreaterThanOrEqualTo(1);
    }
  }

  @Nested
  class Health {
    @Test
    void logsWhenASourceStartsFailingAndWhenItRecoversNotOnEveryPoll() throws Exception {
      FakeSource s = new FakeSource("erp", Duration.ofSeconds(30));
      SourceScheduler scheduler = t.scheduler(List.of(s));
      s.failure = new PollException(PollError.HTTP_5XX, "status: HTTP 503");

      String log =
          SourcesTestSupport.captureStderr(
              () -> {
                scheduler.pollOnce(s);
                scheduler.pollOnce(s);
                scheduler.pollOnce(s);
                s.failure = null;
                scheduler.pollOnce(s);
              });

      assertThat(log.lines().filter(l -> l.contains("poll failed")).count()).isEqualTo(1);
      assertThat(log).contains("source erp recovered after 3 failed polls");
      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "http_5xx"))
          .isEqualTo(3);
      assertThat(t.value("marketplace_exporter_source_up", "source", "erp")).isEqualTo(1);
      assertThat(t.value("marketplace_exporter_poll_duration_seconds_count", "source", "erp"))
          .isEqualTo(4);
    }

    @Test
    void aConnectorBugIsCountedAsInternalLoggedWithoutItsMessageAndDoesNotStopPolling()
        throws Exception {
      FakeSource s = new FakeSource("buggy", Duration.ofSeconds(30));
      SourceScheduler scheduler = t.scheduler(List.of(s));
      s.bug = new IllegalStateException("header value: secret-token-in-a-message");
      Duration[] next = new Duration[1];

      String log = SourcesTestSupport.captureStderr(() -> next[0] = scheduler.pollOnce(s));

      assertThat(next[0]).isEqualTo(Duration.ofSeconds(30));
      assertThat(log)
          .contains("java.lang.IllegalStateException")
          .contains("\tat io.marketplaceexporter.sources.SourceSchedulerTest")
          .doesNotContain("secret-token-in-a-message");
      assertThat(t.value("marketplace_exporter_poll_errors_total", "reason", "internal"))
          .isEqualTo(1);
    }

    @Test
    void everyReasonStartsAtZeroAndUpIsZeroBeforeTheFirstPoll() {
      t.scheduler(List.of(new FakeSource("new", Duration.ofSeconds(30))));

      assertThat(t.value("marketplace_exporter_poll_errors_total", "source", "new")).isZero();
      assertThat(t.scrape())
          .contains("marketplace_exporter_poll_errors_total{reason=\"signature\",source=\"new\"} 0")
          .doesNotContain("marketplace_exporter_source_last_success_timestamp_seconds{");
      assertThat(t.value("marketplace_exporter_source_up", "source", "new")).isZero();
    }
  }

  @Nested
  class Backoffs {
    final Backoff backoff = new Backoff(0, Duration.ofMinutes(10), new Random(1));
    final Duration minute = Duration.ofMinutes(1);

    @Test
    void transientFailuresDoubleTheIntervalUpToTheMaximum() {
      assertThat(backoff.next(minute, 1, PollError.TIMEOUT, null)).isEqualTo(minute);
      assertThat(backoff.next(minute, 2, PollError.CONNECTION, null))
          .isEqualTo(Duration.ofMinutes(2));
      assertThat(backoff.next(minute, 4, PollError.HTTP_5XX, null))
          .isEqualTo(Duration.ofMinutes(8));
      assertThat(backoff.next(minute, 9, PollError.HTTP_5XX, null))
          .isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void otherFailuresKeepTheInterval() {
      assertThat(backoff.next(minute, 5, PollError.MALFORMED, null)).isEqualTo(minute);
      assertThat(backoff.next(minute, 5, PollError.AUTH, null)).isEqualTo(minute);
    }

    @Test
    void retryAfterIsALowerBoundInSecondsOrAsAnHttpDate() {
      assertThat(backoff.next(minute, 1, PollError.THROTTLED, Duration.ofMinutes(3)))
          .isEqualTo(Duration.ofMinutes(3));
      assertThat(RetryPolicy.parseRetryAfter("120", t.clock)).isEqualTo(Duration.ofSeconds(120));
      assertThat(RetryPolicy.parseRetryAfter("Tue, 24 Nov 2026 10:05:00 GMT", t.clock))
          .isEqualTo(Duration.ofMinutes(5));
      assertThat(RetryPolicy.parseRetryAfter("soon", t.clock)).isNull();
      assertThat(RetryPolicy.parseRetryAfter("999999", t.clock)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void jitterSpreadsTheIntervalWithinItsFraction() {
      Backoff jittered = new Backoff(0.1, Duration.ofMinutes(10), new Random(7));
      for (int i = 0; i < 100; i++) {
        assertThat(jittered.next(minute, 0, null, null))
            .isBetween(Duration.ofSeconds(54), Duration.ofSeconds(66));
      }
    }
  }
}
