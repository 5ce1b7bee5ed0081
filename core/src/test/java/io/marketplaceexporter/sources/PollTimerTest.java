package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PollTimerTest {
  private static final long MS = 1_000_000L;

  /** What was handed over: each item with the time it was handed over. */
  private record Handed(long item, long atNanos) {}

  private final List<Handed> handed = new CopyOnWriteArrayList<>();
  private final AtomicInteger periodicRuns = new AtomicInteger();
  private PollTimer<Long> timer;

  /** A timer whose items are their own due times, recorded as they are handed over. */
  private PollTimer<Long> start(Duration coalesce, Duration period, Consumer<List<Long>> also) {
    timer =
        new PollTimer<>(
            "test-timer",
            coalesce,
            period,
            periodicRuns::incrementAndGet,
            batch -> {
              long now = System.nanoTime();
              for (Long due : batch) {
                handed.add(new Handed(due, now));
              }
              also.accept(batch);
            });
    timer.start();
    return timer;
  }

  @AfterEach
  void close() {
    if (timer != null) {
      timer.close();
    }
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Nested
  class HandOver {
    @Test
    void everyItemIsHandedOverOnceInDueOrderAndNeverBeforeItsTime() throws Exception {
      start(Duration.ofMillis(50), Duration.ofHours(1), b -> {});
      long now = System.nanoTime();
      List<Long> dues = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        dues.add(now + (37L * i % 40) * 5 * MS); // 0 to 195 ms ahead, added out of order
      }
      dues.forEach(d -> timer.at(d, d));

      await(() -> handed.size() == 40);

      List<Long> sorted = new ArrayList<>(dues);
      Collections.sort(sorted);
      assertThat(handed.stream().map(Handed::item).toList()).isEqualTo(sorted);
      assertThat(handed).allSatisfy(h -> assertThat(h.atNanos() - h.item()).isNotNegative());
    }

    @Test
    void itemsFallingDueWithinTheCoalescingTimeAreHandedOverInAtMostTwoBatches() throws Exception {
      start(Duration.ofMillis(50), Duration.ofHours(1), b -> {});
      long first = System.nanoTime() + 100 * MS;
      for (int i = 0; i < 10; i++) {
        timer.at(first + 3 * i * MS, first + 3 * i * MS); // ten items over 27 ms
      }

      await(() -> handed.size() == 10);

      // The first wake-up takes what is due then; the thread sleeps 50 ms at least after it, by
      // when the rest (due within 27 ms of the first) are all due.
      assertThat(timer.batches()).isBetween(1L, 2L);
    }

    @Test
    void anItemDueBeforeTheThreadWouldWakeWakesIt() throws Exception {
      start(Duration.ofMillis(1), Duration.ofHours(1), b -> {});
      long far = System.nanoTime() + Duration.ofMinutes(10).toNanos();
      timer.at(far, far);
      Thread.sleep(20); // let the thread go to sleep until the far item
      long soon = System.nanoTime() + 10 * MS;
      timer.at(soon, soon);

      await(() -> handed.size() == 1);

      assertThat(handed.get(0).item()).isEqualTo(soon);
      assertThat(timer.size()).isEqualTo(1);
    }
  }

  @Nested
  class Robustness {
    @Test
    void aFailingHandOverIsLoggedAndTheNextBatchStillComes() throws Exception {
      AtomicInteger calls = new AtomicInteger();
      start(
          Duration.ofMillis(1),
          Duration.ofHours(1),
          b -> {
            if (calls.incrementAndGet() == 1) {
              throw new IllegalStateException("a bug in the hand-over");
            }
          });
      long now = System.nanoTime();
      timer.at(now, now);
      await(() -> calls.get() == 1);
      timer.at(now + 1, now + 1);

      await(() -> calls.get() == 2);

      assertThat(handed).hasSize(2);
    }

    @Test
    void thePeriodicTaskRunsBetweenBatches() throws Exception {
      start(Duration.ofMillis(1), Duration.ofMillis(20), b -> {});

      await(() -> periodicRuns.get() >= 3);
    }

    @Test
    void closeEndsTheThreadAndDropsWhatWasQueued() throws Exception {
      start(Duration.ofMillis(1), Duration.ofMillis(10), b -> {});
      long soon = System.nanoTime() + 30 * MS;
      timer.at(soon, soon);
      timer.close();
      timer.at(System.nanoTime(), System.nanoTime());

      await(() -> !timer.alive());

      assertThat(handed).isEmpty();
      assertThat(timer.size()).isZero();
    }
  }
}
