package io.marketplaceexporter.sources;

import io.marketplaceexporter.config.PollingConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler for every source. A timer thread only hands due polls to a pool of {@code
 * polling.max_in_flight} workers, so a slow source holds one worker (for at most its call timeout)
 * and never delays another source or {@code /metrics}. A source is polled again only after its
 * previous poll ended, after the delay {@link Backoff} gives; how late a poll starts against that
 * schedule (timer and wait for a free worker) is {@code marketplace_exporter_poll_delay_seconds}.
 */
public final class SourceScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SourceScheduler.class);

  private final List<Source> sources;
  private final SourceHealth health;
  private final Backoff backoff;
  private final Clock clock;
  private final Random random;
  private final ScheduledExecutorService timer;
  private final ExecutorService workers;
  private final Map<String, Track> tracks = new ConcurrentHashMap<>();

  /** What the scheduler remembers of a source between polls. */
  private static final class Track {
    int failures;
    PollError lastError;
  }

  public SourceScheduler(
      List<Source> sources,
      PollingConfig polling,
      SourceHealth health,
      Clock clock,
      Random random) {
    this.sources = List.copyOf(sources);
    this.health = health;
    this.clock = clock;
    this.random = random;
    this.backoff = new Backoff(polling.jitter(), polling.maxBackoff(), random);
    for (Source s : sources) {
      tracks.put(s.name(), new Track());
    }
    AtomicInteger n = new AtomicInteger();
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "source-timer"));
    this.workers =
        Executors.newFixedThreadPool(
            polling.maxInFlight(), r -> daemon(r, "source-poll-" + n.incrementAndGet()));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Starts polling. First polls are spread at random over {@link #startSpread}: within a second for
   * a few sources, over up to one interval for thousands, so that they do not all fall due at once
   * and stay in step (the jitter alone takes many rounds to spread them).
   */
  public void start() {
    for (Source s : sources) {
      schedule(s, Duration.ofMillis(random.nextInt((int) startSpread(s).toMillis())));
    }
  }

  /** 10 ms per source, at least 1 s and at most the source's interval. */
  Duration startSpread(Source s) {
    long millis = Math.max(1000, 10L * sources.size());
    return Duration.ofMillis(Math.max(1, Math.min(millis, s.interval().toMillis())));
  }

  private void schedule(Source s, Duration delay) {
    long due = System.nanoTime() + delay.toNanos();
    try {
      timer.schedule(
          () ->
              workers.execute(
                  () -> {
                    health.started((System.nanoTime() - due) / 1e9);
                    schedule(s, pollOnce(s));
                  }),
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // shutting down
    }
  }

  /**
   * Polls one source now, records its health and returns the delay before its next poll. Never
   * throws. Public so that tests drive polls without waiting for the timer.
   */
  public Duration pollOnce(Source s) {
    Track t = tracks.get(s.name());
    long start = System.nanoTime();
    PollError error = null;
    Duration retryAfter = null;
    try {
      s.poll();
    } catch (PollException e) {
      error = e.reason();
      retryAfter = e.retryAfter();
      logFailure(s, t, e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      error = PollError.INTERNAL;
      logFailure(s, t, error, describe(e));
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    synchronized (t) {
      if (error == null) {
        if (t.lastError != null) {
          LOG.info("source {} recovered after {} failed polls", s.name(), t.failures);
        }
        t.failures = 0;
        t.lastError = null;
        health.succeeded(s.name(), seconds, clock.millis() / 1000.0);
      } else {
        t.failures++;
        t.lastError = error;
        health.failed(s.name(), error, seconds);
      }
      return backoff.next(s.interval(), t.failures, error, retryAfter);
    }
  }

  /**
   * A connector bug, described by its type and where it happened but not by its message, which
   * could quote a value (a token in a header, say) that must not reach the log.
   */
  static String describe(RuntimeException e) {
    StringBuilder sb = new StringBuilder(e.getClass().getName());
    StackTraceElement[] trace = e.getStackTrace();
    for (int i = 0; i < Math.min(8, trace.length); i++) {
      sb.append("\n\tat ").append(trace[i]);
    }
    return sb.toString();
  }

  /** Logs when a source starts failing or fails for another reason; not on every poll. */
  private static void logFailure(Source s, Track t, PollError reason, String message) {
    synchronized (t) {
      if (t.lastError == reason) {
        return;
      }
    }
    if (reason == PollError.INTERNAL) {
      LOG.error("source {} poll failed ({}): {}", s.name(), reason.label(), message);
    } else {
      LOG.warn("source {} poll failed ({}): {}", s.name(), reason.label(), message);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    workers.shutdownNow();
  }
}
