package io.marketplaceexporter.sources;

import io.marketplaceexporter.config.PollingConfig;
import io.marketplaceexporter.logging.LogText;
import io.marketplaceexporter.status.SourceStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduler for every source. A timer thread ({@link PollTimer}) only hands due polls to
 * workers, those falling due within {@link PollTimer#COALESCE} of each other together, as many at
 * once as {@link AdaptiveLimit} finds needed from how many polls fall due and how long they take
 * (from 4 up to {@code polling.max_in_flight}), so a slow source never delays another source or
 * {@code /metrics}. A poll still running after {@link #SLOW_POLL} (checked every second) gives up
 * its place to the next due poll and goes on outside the limit until its call timeout ends it, so
 * sources that hang cannot starve healthy ones whatever their number. A source is polled again only
 * after its previous poll ended, after the delay {@link Backoff} gives; how late a poll starts
 * against that schedule (timer and wait for a place) is {@code
 * marketplace_exporter_poll_delay_seconds}.
 *
 * <p>Nothing a poll throws stops its source: a {@link PollException} is the failure it names, and
 * anything else, an {@link Error} such as {@link OutOfMemoryError} from one oversized answer
 * included, is an {@code internal} failure (source down, error counted, logged once) and the source
 * is polled again. The poll's own memory is garbage once it unwound, so the exporter goes on; a JVM
 * really out of memory fails everywhere else too, and {@code -XX:+ExitOnOutOfMemoryError} is the
 * switch for those who prefer a restart.
 */
public final class SourceScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SourceScheduler.class);

  /** How long a poll holds a place among {@code polling.max_in_flight} at most. */
  static final Duration SLOW_POLL = Duration.ofSeconds(5);

  private final List<Source> sources;
  private final SourceHealth health;
  private final Backoff backoff;
  private final Clock clock;
  private final Random random;
  private final AdaptiveLimit limit;
  private final Duration slowPoll;
  private final PollTimer<Due> timer;
  private final ExecutorService workers;
  private final Map<String, Track> tracks = new ConcurrentHashMap<>();

  /** The places held now, for {@link #tick}. */
  private final Set<Place> held = ConcurrentHashMap.newKeySet();

  /** Due polls waiting for a place, oldest first; guards {@link #running}. */
  private final Deque<Due> waiting = new ArrayDeque<>();

  private int running;

  /** What the scheduler remembers of a source between polls. */
  private static final class Track {
    int failures;
    PollError lastError;

    /** When the next poll falls due ({@link Clock#millis()}), for the status page. */
    volatile long nextPollMillis = -1;
  }

  /** A poll of {@code source} that fell due at {@code dueNanos} ({@link System#nanoTime()}). */
  private record Due(Source source, long dueNanos) {}

  public SourceScheduler(
      List<Source> sources,
      PollingConfig polling,
      SourceHealth health,
      Clock clock,
      Random random) {
    this(sources, polling, health, clock, random, SLOW_POLL);
  }

  SourceScheduler(
      List<Source> sources,
      PollingConfig polling,
      SourceHealth health,
      Clock clock,
      Random random,
      Duration slowPoll) {
    this.sources = List.copyOf(sources);
    this.health = health;
    this.clock = clock;
    this.random = random;
    this.limit = new AdaptiveLimit(polling.minInFlight(), polling.maxInFlight(), System::nanoTime);
    this.slowPoll = slowPoll;
    this.backoff = new Backoff(polling.jitter(), polling.maxBackoff(), random);
    for (Source s : sources) {
      tracks.put(s.name(), new Track());
    }
    AtomicInteger n = new AtomicInteger();
    // A grown limit lets waiting polls start now, not only when a running one ends; polls that
    // outlived slowPoll give their places up.
    Duration tick = Duration.ofMillis(tickMillis(slowPoll));
    this.timer =
        new PollTimer<>(
            "source-timer",
            tick.compareTo(PollTimer.COALESCE) < 0 ? tick : PollTimer.COALESCE,
            tick,
            this::tick,
            this::dispatch);
    // Threads beyond max_in_flight run only polls that outlived SLOW_POLL: at most one per source.
    // A cached pool, but an idle thread ends after WORKER_IDLE rather than 60 s: the polls in
    // flight rise and fall within each interval, and with 60 s the pool ended and started about a
    // thread a second at 10,000 shops, each thread that timed out sending the JIT back to
    // recompile the pool's queue code (JFR: 280 thread starts, 67 deoptimizations in 2 minutes).
    this.workers =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            WORKER_IDLE.toNanos(),
            TimeUnit.NANOSECONDS,
            new SynchronousQueue<>(),
            r -> daemon(r, "source-poll-" + n.incrementAndGet()));
    health.concurrency(this::placesNow, this::runningNow);
  }

  /** How long an idle poll thread is kept. */
  static final Duration WORKER_IDLE = Duration.ofMinutes(10);

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
    timer.start();
  }

  /** A fifth of {@code slowPoll}, from 10 ms to 1 s: how often places held too long are freed. */
  static long tickMillis(Duration slowPoll) {
    return Math.max(10, Math.min(1000, slowPoll.toMillis() / 5));
  }

  private void tick() {
    long now = System.nanoTime();
    for (Place p : held) {
      if (now - p.taken >= slowPoll.toNanos()) {
        p.release();
      }
    }
    fill(0);
  }

  /** The places polls may hold now. */
  int placesNow() {
    synchronized (waiting) {
      return limit.limit(running + waiting.size());
    }
  }

  /** The places polls hold now. */
  int runningNow() {
    synchronized (waiting) {
      return running;
    }
  }

  /**
   * Starts waiting polls while there are free places. The last {@code fresh} of them fell due just
   * now, together: they do not count as wanting a place yet, so a batch of polls that each take a
   * moment does not grow the places at once (more wanted than there are); polls still waiting at
   * the next batch do.
   */
  private void fill(int fresh) {
    while (true) {
      Due next;
      synchronized (waiting) {
        int wanted = running + Math.max(0, waiting.size() - fresh);
        if (waiting.isEmpty() || running >= limit.limit(wanted)) {
          return;
        }
        next = waiting.poll();
        running++;
      }
      start(next);
    }
  }

  /** 10 ms per source, at least 1 s and at most the source's interval. */
  Duration startSpread(Source s) {
    long millis = Math.max(1000, 10L * sources.size());
    return Duration.ofMillis(Math.max(1, Math.min(millis, s.interval().toMillis())));
  }

  private void schedule(Source s, Duration delay) {
    long due = System.nanoTime() + delay.toNanos();
    tracks.get(s.name()).nextPollMillis = clock.millis() + delay.toMillis();
    timer.at(new Due(s, due), due);
  }

  /** Queues due polls behind those already waiting and starts what the places allow. */
  private void dispatch(List<Due> due) {
    for (int i = 0; i < due.size(); i++) {
      limit.due();
    }
    synchronized (waiting) {
      waiting.addAll(due);
    }
    fill(due.size());
  }

  /**
   * A poll gave up its place (it ended or outlived {@code slowPoll}) after {@code heldSeconds}: the
   * next one takes it, unless the limit shrank below the places held.
   */
  private void placeFreed(double heldSeconds) {
    limit.released(heldSeconds);
    Due next;
    synchronized (waiting) {
      // The poll that ended no longer wants a place: the waiting ones do.
      next = running > limit.limit(running - 1 + waiting.size()) ? null : waiting.poll();
      if (next == null) {
        running--;
        return;
      }
    }
    start(next);
  }

  private void start(Due d) {
    Place place = new Place(System.nanoTime());
    held.add(place);
    try {
      workers.execute(
          () -> {
            try {
              run(d);
            } finally {
              place.release();
            }
          });
    } catch (RejectedExecutionException e) {
      place.release(); // shutting down
    } catch (Error e) {
      // No thread could be started (native memory): give the place back and try again later.
      place.release();
      schedule(d.source(), d.source().interval());
    }
  }

  /**
   * A place a poll holds from {@code taken} ({@link System#nanoTime()}) until it ends or {@link
   * #tick} finds it held longer than {@code slowPoll}, whichever comes first. One periodic check
   * rather than a timer task per poll: at 10,000 sources that task, scheduled and cancelled for
   * every poll, woke the timer thread twice as often as the polls themselves.
   */
  private final class Place {
    final long taken;
    final AtomicBoolean holds = new AtomicBoolean(true);

    Place(long taken) {
      this.taken = taken;
    }

    void release() {
      if (holds.compareAndSet(true, false)) {
        held.remove(this);
        placeFreed((System.nanoTime() - taken) / 1e9);
      }
    }
  }

  /** Runs one due poll and schedules the next, whatever happens. */
  private void run(Due d) {
    Source s = d.source();
    Duration next = s.interval();
    try {
      health.started((System.nanoTime() - d.dueNanos()) / 1e9);
      next = pollOnce(s);
    } finally {
      schedule(s, next);
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
    } catch (Throwable e) { // an Error as well: see the class comment
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
   * Each source now, in configuration order: its state, last success, the reason of its last
   * failure (a label, never the upstream's message) and when it is polled next.
   */
  public List<SourceStatus> status() {
    List<SourceStatus> out = new ArrayList<>(sources.size());
    for (Source s : sources) {
      Track t = tracks.get(s.name());
      double lastSuccess = health.lastSuccess(s.name());
      long next = t.nextPollMillis;
      PollError error;
      int failures;
      synchronized (t) {
        error = t.lastError;
        failures = t.failures;
      }
      String state;
      if (error == PollError.THROTTLED) {
        state = SourceStatus.THROTTLED;
      } else if (error != null) {
        state = SourceStatus.DOWN;
      } else {
        state = Double.isNaN(lastSuccess) ? SourceStatus.PENDING : SourceStatus.UP;
      }
      out.add(
          new SourceStatus(
              s.name(),
              state,
              Double.isNaN(lastSuccess) ? null : Instant.ofEpochMilli((long) (lastSuccess * 1000)),
              error == null ? null : error.label(),
              failures,
              next < 0 ? null : Instant.ofEpochMilli(next)));
    }
    return out;
  }

  /**
   * A connector bug or an {@link Error}, described by its type and where it happened but not by its
   * message, which could quote a value (a token in a header, say) that must not reach the log.
   */
  static String describe(Throwable e) {
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
      // The message can carry an upstream's error code or text: bounded, escaped, scrubbed.
      LOG.warn("source {} poll failed ({}): {}", s.name(), reason.label(), LogText.safe(message));
    }
  }

  @Override
  public void close() {
    timer.close();
    workers.shutdownNow();
  }
}
