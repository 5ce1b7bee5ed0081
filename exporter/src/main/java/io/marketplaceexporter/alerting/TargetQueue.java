package io.marketplaceexporter.alerting;

import io.marketplaceexporter.config.Durations;
import io.marketplaceexporter.config.RelayConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications waiting for one target and their delivery, one message at a time, in order.
 *
 * <p>Each robot sends at most {@code max_messages_per_minute} in any sliding minute; with several
 * robots the target rotates to the one with the most budget left. While more than half the budget
 * is left, a lone notification goes out at once; notifications that are ready together are merged
 * into one message (as many as fit with every alert listed). Once half the budget is used, sends
 * are paced to one per {@code 60s / budget} and everything ready is merged; the last message of the
 * minute is held until just before the oldest send ages out, so that it carries the rest of the
 * storm. A storm thus becomes at most the budget's worth of messages a minute, and nothing is
 * dropped for the limit. Failures are retried with exponential backoff where retrying helps; what
 * is given up is logged and counted.
 */
final class TargetQueue {
  private static final Logger LOG = LoggerFactory.getLogger(TargetQueue.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int MIN_BYTES = 1024;
  private static final Duration LAST_PERMIT_LEAD = Duration.ofSeconds(2);

  private final String channel;
  private final String name;
  private final Dialect dialect;
  private final List<Robot> robots;
  private final List<RateLimiter> limiters = new ArrayList<>();
  private final MessageRenderer renderer;
  private final int maxBytes;
  private final RelayConfig relay;
  private final OkHttpClient http;
  private final Clock clock;
  private final RelayMetrics metrics;
  private final Runnable persist;
  private final LinkedList<Pending> queue = new LinkedList<>();
  private final ReentrantLock sending = new ReentrantLock();
  private Instant lastSend = Instant.EPOCH;
  private int nextRobot;

  TargetQueue(
      String channel,
      String name,
      Dialect dialect,
      List<Robot> robots,
      int perMinute,
      int maxBytes,
      MessageRenderer renderer,
      RelayConfig relay,
      OkHttpClient http,
      Clock clock,
      RelayMetrics metrics,
      Runnable persist) {
    this.channel = channel;
    this.name = name;
    this.dialect = dialect;
    this.robots = List.copyOf(robots);
    for (int i = 0; i < robots.size(); i++) {
      limiters.add(new RateLimiter(perMinute));
    }
    this.maxBytes = maxBytes;
    this.renderer = renderer;
    this.relay = relay;
    this.http = http;
    this.clock = clock;
    this.metrics = metrics;
    this.persist = persist;
  }

  String channel() {
    return channel;
  }

  String name() {
    return name;
  }

  synchronized int depth() {
    return queue.size();
  }

  /** Queues a notification; false when the queue is full. */
  synchronized boolean offer(Pending p) {
    if (queue.size() >= relay.queueCapacity()) {
      return false;
    }
    queue.addLast(p);
    return true;
  }

  synchronized List<Pending> snapshot() {
    return List.copyOf(queue);
  }

  /**
   * Sends at most one message if one is due and the budget allows; true when it sent (or tried to),
   * so the caller may call again. Only one caller at a time sends; others return false.
   */
  boolean pumpOnce() {
    if (!sending.tryLock()) {
      return false;
    }
    try {
      Instant now = clock.instant();
      Choice choice;
      boolean expired;
      synchronized (this) {
        expired = expire(now);
        choice = choose(now);
      }
      if (choice == null) {
        if (expired) {
          persist.run();
        }
        return false;
      }
      // Rendering happens outside the monitor so that accepting notifications never waits on it;
      // only this sender removes from the queue, so the chosen items stay valid meanwhile.
      Batch batch = render(choice);
      Verdict verdict = send(batch, now);
      synchronized (this) {
        settle(batch, verdict, now);
      }
      persist.run();
      return true;
    } finally {
      sending.unlock();
    }
  }

  /** What to send next: the ready notifications, whether to merge them, the robot and limit. */
  private record Choice(List<Pending> ready, boolean merge, int robot, int limit) {}

  /** The message to send: the notifications it carries, the robot, the message and its size. */
  private record Batch(List<Pending> items, int robot, Message message, int bytes) {}

  private boolean expire(Instant now) {
    boolean any = false;
    for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.enqueuedAt.plus(relay.giveUpAfter()).isBefore(now)) {
        it.remove();
        any = true;
        metrics.count(channel, name, RelayMetrics.DROPPED, 1);
        LOG.error(
            "{}/{}: gave up on notification {} ({}) after {} and {} failed attempts; last error: {}",
            channel,
            name,
            p.id,
            MessageRenderer.title(List.of(p.group)),
            Durations.format(relay.giveUpAfter()),
            p.attempts,
            p.lastError.isEmpty() ? "none (rate limit)" : p.lastError);
      }
    }
    return any;
  }

  /**
   * Whether and what to send now, by the robots' budgets and the pacing rules; records the send
   * against the chosen robot's budget. Called under the monitor.
   */
  private Choice choose(Instant now) {
    List<Pending> ready = new ArrayList<>();
    for (Pending p : queue) {
      if (!p.notBefore.isAfter(now)) {
        ready.add(p);
      }
    }
    if (ready.isEmpty()) {
      return null;
    }
    int permits = 0;
    int robot = -1;
    int best = 0;
    for (int k = 0; k < robots.size(); k++) {
      int i = (nextRobot + k) % robots.size();
      int left = limiters.get(i).permits(now);
      permits += left;
      if (left > best) {
        best = left;
        robot = i;
      }
    }
    if (robot < 0) {
      return null;
    }
    int capacity = limiters.get(0).perMinute() * robots.size();
    boolean low = permits * 2 <= capacity;
    Duration pace = RateLimiter.WINDOW.dividedBy(capacity);
    if (low && lastSend.plus(pace).isAfter(now)) {
      return null;
    }
    if (permits == 1 && capacity > 1 && now.isBefore(lastPermitAt(now))) {
      return null;
    }
    int limit = maxBytes;
    for (Pending p : ready) {
      if (p.maxBytes > 0) {
        limit = Math.min(limit, p.maxBytes);
      }
    }
    limiters.get(robot).record(now);
    lastSend = now;
    nextRobot = (robot + 1) % robots.size();
    return new Choice(ready, ready.size() > 1 && (low || ready.size() > permits), robot, limit);
  }

  private Batch render(Choice c) {
    List<Pending> items =
        c.merge() ? largestFittingPrefix(c.ready(), c.limit()) : List.of(c.ready().get(0));
    Message message = renderer.fit(items.stream().map(p -> p.group).toList(), c.limit());
    return new Batch(items, c.robot(), message, renderer.size(message));
  }

  /**
   * When the last permit of the minute may be used: just before the oldest send ages out, so that
   * it carries everything that piled up meanwhile instead of going early and leaving nothing for
   * the rest of the minute.
   */
  private Instant lastPermitAt(Instant now) {
    Instant oldest = null;
    for (RateLimiter l : limiters) {
      Instant e = l.oldestExpiry(now);
      oldest = oldest == null || e.isBefore(oldest) ? e : oldest;
    }
    return oldest.minus(LAST_PERMIT_LEAD);
  }

  private List<Pending> largestFittingPrefix(List<Pending> ready, int limit) {
    int lo = 1;
    int hi = ready.size();
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      List<AlertGroup> groups = ready.subList(0, mid).stream().map(p -> p.group).toList();
      if (renderer.fitsWhole(groups, limit)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return List.copyOf(ready.subList(0, lo));
  }

  private Verdict send(Batch batch, Instant now) {
    Robot robot = robots.get(batch.robot());
    Request request =
        new Request.Builder()
            .url(dialect.url(robot, now))
            .post(RequestBody.create(dialect.body(batch.message(), robot, now), JSON))
            .build();
    long start = System.nanoTime();
    try (Response response = http.newCall(request).execute()) {
      return dialect.verdict(response.code(), response.peekBody(64 * 1024).string());
    } catch (IOException | RuntimeException e) {
      return new Verdict(
          Verdict.Kind.RETRY, robot.redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
    } finally {
      metrics.observe(channel, (System.nanoTime() - start) / 1e9);
    }
  }

  private void settle(Batch batch, Verdict verdict, Instant now) {
    List<Pending> items = batch.items();
    Robot robot = robots.get(batch.robot());
    int n = items.size();
    String reason = robot.redact(verdict.reason());
    switch (verdict.kind()) {
      case SENT -> {
        queue.removeAll(items);
        metrics.count(channel, name, n == 1 ? RelayMetrics.SENT : RelayMetrics.MERGED, n);
        LOG.debug("{}/{}: {} sent {} notification(s) in one message", channel, name, robot, n);
      }
      case DROP -> {
        queue.removeAll(items);
        metrics.count(channel, name, RelayMetrics.DROPPED, n);
        LOG.error(
            "{}/{}: {} refused a message of {} notification(s), dropped them (retrying cannot"
                + " help): {}",
            channel,
            name,
            robot,
            n,
            reason);
      }
      case TOO_LARGE -> {
        int smaller = batch.bytes() * 3 / 4;
        if (smaller < MIN_BYTES) {
          queue.removeAll(items);
          metrics.count(channel, name, RelayMetrics.DROPPED, n);
          LOG.error(
              "{}/{}: {} refuses even a {}-byte message, dropped {} notification(s): {}",
              channel,
              name,
              robot,
              batch.bytes(),
              n,
              reason);
          return;
        }
        for (Pending p : items) {
          p.attempts++;
          p.maxBytes = smaller;
          p.lastError = reason;
        }
        metrics.count(channel, name, RelayMetrics.RETRIED, n);
        LOG.warn(
            "{}/{}: {}: {}; retrying {} notification(s) within {} bytes",
            channel,
            name,
            robot,
            reason,
            n,
            smaller);
      }
      case RETRY, RATE_LIMITED -> {
        boolean otherRobot = false;
        if (verdict.kind() == Verdict.Kind.RATE_LIMITED) {
          limiters.get(batch.robot()).saturate(now);
          for (RateLimiter l : limiters) {
            otherRobot |= l.permits(now) > 0;
          }
        }
        Duration delay = Duration.ZERO;
        for (Pending p : items) {
          p.attempts++;
          p.lastError = reason;
          delay = otherRobot ? Duration.ZERO : backoff(p.attempts);
          p.notBefore = now.plus(delay);
        }
        metrics.count(channel, name, RelayMetrics.RETRIED, n);
        LOG.warn(
            "{}/{}: {}: {}; retrying {} notification(s) in {}",
            channel,
            name,
            robot,
            reason,
            n,
            Durations.format(delay));
      }
    }
  }

  /** {@code initial_backoff} doubled per failed attempt, at most {@code max_backoff}. */
  Duration backoff(int attempts) {
    Duration d = relay.initialBackoff();
    for (int i = 1; i < attempts && d.compareTo(relay.maxBackoff()) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(relay.maxBackoff()) > 0 ? relay.maxBackoff() : d;
  }
}
