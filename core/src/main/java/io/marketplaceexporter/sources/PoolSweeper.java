package io.marketplaceexporter.sources;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;

/**
 * Runs the clean-up of the exporter's OkHttp connection pool (closing connections idle for longer
 * than the keep-alive, or beyond the idle limit) at most once per {@link #SWEEP}, instead of after
 * every call.
 *
 * <p>Why: every call that ends hands its connection back to the pool, and OkHttp then reschedules
 * the pool's clean-up task to run at once and wakes the thread that runs it, which walks every
 * connection and goes back to sleep for the keep-alive (5 minutes). At 10,000 shops that is about
 * 170 wake-ups a second for work that is due every few minutes: a profile of the polling benchmark
 * put 12% of the exporter's CPU there (the clean-up thread's own time and the poll threads' time
 * waking it). No public OkHttp API changes when the clean-up runs, so this class gives the pool a
 * task runner of its own whose coordinator is never woken early and sleeps at most {@link #SWEEP}:
 * the clean-up still runs, at most that much later than OkHttp would have run it, and connections
 * are reused exactly as before.
 *
 * <p>It uses OkHttp's internal {@code TaskRunner} and the pool's internal constructor (Kotlin
 * {@code internal}, public in the byte code), pinned with OkHttp's version in the root {@code
 * pom.xml}; {@code PoolSweeperTest} fails if an upgrade changes what they do.
 */
final class PoolSweeper implements TaskRunner.Backend {
  /** How late the pool's clean-up may run at most. */
  static final Duration SWEEP = Duration.ofSeconds(1);

  private static final TaskRunner SHARED =
      new TaskRunner(new PoolSweeper(SWEEP), Logger.getLogger(PoolSweeper.class.getName()));

  private final long maxWaitNanos;
  private final TaskRunner.RealBackend threads;

  /** How many times the coordinator woke up, for tests. */
  private final AtomicLong wakeUps = new AtomicLong();

  PoolSweeper(Duration maxWait) {
    this.maxWaitNanos = maxWait.toNanos();
    AtomicInteger n = new AtomicInteger();
    ThreadFactory daemons =
        r -> {
          Thread t = new Thread(r, "okhttp-pool-sweeper-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.threads = new TaskRunner.RealBackend(daemons);
  }

  /**
   * A pool keeping up to {@code maxIdle} idle connections for {@code keepAlive}, cleaned up by the
   * exporter's one sweeper.
   */
  static ConnectionPool pool(int maxIdle, Duration keepAlive) {
    return pool(maxIdle, keepAlive, SHARED);
  }

  static ConnectionPool pool(int maxIdle, Duration keepAlive, TaskRunner runner) {
    return new ConnectionPool(
        maxIdle,
        keepAlive.toNanos(),
        TimeUnit.NANOSECONDS,
        runner,
        ConnectionListener.Companion.getNONE());
  }

  long wakeUps() {
    return wakeUps.get();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  /**
   * Does nothing: the coordinator wakes up by itself within {@link #SWEEP}. This is what saves a
   * thread wake-up per call.
   */
  @Override
  public void coordinatorNotify(TaskRunner taskRunner) {
    // Deliberately empty.
  }

  @Override
  public void coordinatorWait(TaskRunner taskRunner, long nanos) {
    try {
      threads.coordinatorWait(taskRunner, Math.min(nanos, maxWaitNanos));
    } catch (InterruptedException e) {
      // The task runner cancels its tasks on this exception; the interface cannot declare it.
      throw PoolSweeper.<RuntimeException>sneaky(e);
    } finally {
      wakeUps.incrementAndGet();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T sneaky(Throwable t) throws T {
    throw (T) t;
  }

  @Override
  public <T> BlockingQueue<T> decorate(BlockingQueue<T> queue) {
    return queue;
  }

  @Override
  public void execute(TaskRunner taskRunner, Runnable runnable) {
    threads.execute(taskRunner, runnable);
  }
}
