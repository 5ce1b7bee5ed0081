package io.marketplaceexporter.sources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's one timer thread: it holds what falls due when ({@link System#nanoTime()}) and
 * hands it over in batches. After each wake-up it sleeps at least {@code coalesce}, so that what
 * falls due meanwhile is handed over together, at most {@code coalesce} late. With a timer task per
 * poll, 10,000 sources polled every minute woke the timer thread about 170 times a second, each a
 * trip through the kernel that cost more than the hand-over itself (JFR: 8% of the exporter's CPU
 * on that thread, almost none of it in Java code); with 50 ms it is at most 20 a second.
 *
 * <p>Between batches it also runs {@code periodic} every {@code period}. Nothing they throw stops
 * the thread: it is logged and the next batch comes as planned.
 *
 * @param <T> what falls due
 */
final class PollTimer<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PollTimer.class);

  /** How long after a wake-up the thread sleeps at least, unless closed. */
  static final Duration COALESCE = Duration.ofMillis(50);

  private record Entry<T>(T item, long dueNanos, long order) {}

  /** Due first (compared as {@link System#nanoTime()} values are, by difference), then added. */
  private final PriorityQueue<Entry<T>> queue =
      new PriorityQueue<>(
          (a, b) -> {
            long d = a.dueNanos() - b.dueNanos();
            return d != 0 ? Long.signum(d) : Long.compare(a.order(), b.order());
          });

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;
  private final Consumer<List<T>> due;
  private final Runnable periodic;
  private final long periodNanos;
  private final long coalesceNanos;
  private final LongAdder batches = new LongAdder();

  // Guarded by lock.
  private long order;
  private boolean closed;
  private boolean sleeping;
  private long wakeAt;
  private long notBefore = System.nanoTime();

  /**
   * A timer that calls {@code due} with what fell due, in due order (a list it reuses: read it
   * during the call only), and {@code periodic} every {@code period}; started by {@link #start}.
   */
  PollTimer(
      String threadName,
      Duration coalesce,
      Duration period,
      Runnable periodic,
      Consumer<List<T>> due) {
    this.coalesceNanos = coalesce.toNanos();
    this.periodNanos = period.toNanos();
    this.periodic = periodic;
    this.due = due;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Hands {@code item} over at {@code dueNanos}, or up to {@code coalesce} after it. */
  void at(T item, long dueNanos) {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      queue.add(new Entry<>(item, dueNanos, order++));
      // Wakes the thread only when it would otherwise sleep past this item's time.
      if (sleeping && Math.max(dueNanos, notBefore) - wakeAt < 0) {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many batches were handed over, for tests. */
  long batches() {
    return batches.sum();
  }

  /** Whether the thread runs (started and not yet ended by {@link #close}). */
  boolean alive() {
    return thread.isAlive();
  }

  /** How many items wait. */
  int size() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    long nextPeriodic = System.nanoTime() + periodNanos;
    List<T> batch = new ArrayList<>();
    while (true) {
      long now;
      lock.lock();
      try {
        if (!sleepUntilDue(nextPeriodic)) {
          return;
        }
        now = System.nanoTime();
        notBefore = now + coalesceNanos;
        while (!queue.isEmpty() && queue.peek().dueNanos() - now <= 0) {
          batch.add(queue.poll().item());
        }
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (!batch.isEmpty()) {
        batches.increment();
        hand(() -> due.accept(batch));
        batch.clear();
      }
      if (now - nextPeriodic >= 0) {
        hand(periodic);
        nextPeriodic = now + periodNanos;
      }
    }
  }

  /**
   * Sleeps (lock held) until the first item or the periodic task is due, but not before {@code
   * notBefore}; false once closed.
   */
  private boolean sleepUntilDue(long nextPeriodic) throws InterruptedException {
    while (!closed) {
      long now = System.nanoTime();
      long next = nextPeriodic;
      if (!queue.isEmpty() && queue.peek().dueNanos() - next < 0) {
        next = queue.peek().dueNanos();
      }
      long at = next - notBefore < 0 ? notBefore : next;
      if (at - now <= 0) {
        return true;
      }
      wakeAt = at;
      sleeping = true;
      try {
        changed.awaitNanos(at - now);
      } finally {
        sleeping = false;
      }
    }
    return false;
  }

  private static void hand(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException | Error e) {
      LOG.error("the poll timer's task failed; polling goes on: {}", SourceScheduler.describe(e));
    }
  }

  /** Stops the thread; what is still queued is dropped. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      queue.clear();
      changed.signal();
    } finally {
      lock.unlock();
    }
  }
}
