package io.marketplaceexporter.alerting;

import io.marketplaceexporter.config.Durations;
import io.marketplaceexporter.config.RelayConfig;
import io.marketplaceexporter.logging.LogText;
import io.marketplaceexporter.retry.RetryPolicy;
import io.marketplaceexporter.status.QueueStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications waiting for one target and their delivery, one message at a time, in order.
 *
 * <p>Each robot sends at most {@code max_messages_per_minute} in any sliding minute; with several
 * robots the target rotates to the one with the most budget left. While more than half the budget
 * is left, a notification goes out at once, on its own; when more are ready than the budget has
 * left, they are merged into one message (as many as fit with every alert listed). Once half the
 * budget is used, sends are paced to one per {@code 60s / budget} and everything ready is merged;
 * the last message of the minute is held until just before the oldest send ages out, so that it
 * carries the rest of the storm. A storm thus becomes at most the budget's worth of messages a
 * minute, and nothing is dropped for the limit. Failures are retried where retrying helps, after
 * the one {@link RetryPolicy}'s delay ({@code initial_backoff} doubled per failed attempt, at most
 * {@code max_backoff}, without jitter); what is given up is logged and counted.
 */
final class TargetQueue {
  private static final Logger LOG = LoggerFactory.getLogger(TargetQueue.class);
  private static final int MIN_BYTES = 1024;

  private final String channel;
  private final String name;
  private final RobotSender sender;
  private final RobotPool pool;
  private final MessageRenderer renderer;
  private final int maxBytes;
  private final RelayConfig relay;
  private final RetryPolicy retry;
  private final Clock clock;
  private final RelayMetrics metrics;
  private final Runnable persist;
  private final RelayHooks hooks;
  private final LinkedList<Pending> queue = new LinkedList<>();
  private final ReentrantLock sending = new ReentrantLock();

  /** When a message last reached a robot of this target; null before the first. */
  private Instant lastDelivery;

  TargetQueue(
      String channel,
      String name,
      RobotSender sender,
      RobotPool pool,
      int maxBytes,
      MessageRenderer renderer,
      RelayConfig relay,
      Clock clock,
      RelayMetrics metrics,
      Runnable persist,
      RelayHooks hooks) {
    this.channel = channel;
    this.name = name;
    this.sender = sender;
    this.pool = pool;
    this.maxBytes = maxBytes;
    this.renderer = renderer;
    this.relay = relay;
    this.retry = RetryPolicy.exact(relay.maxBackoff());
    this.clock = clock;
    this.metrics = metrics;
    this.persist = persist;
    this.hooks = hooks;
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

  /** This target now, for the status page. */
  synchronized QueueStatus status(long dropped) {
    return new QueueStatus(
        channel,
        name,
        pool.size(),
        queue.size(),
        queue.isEmpty() ? null : queue.getFirst().enqueuedAt,
        lastDelivery,
        dropped);
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
      Verdict verdict = sender.send(batch.grant().robot(), batch.message(), now);
      synchronized (this) {
        settle(batch, verdict, now);
      }
      persist.run();
      if (verdict.kind() == Verdict.Kind.SENT) {
        tellDelivered(batch.items(), clock.instant());
      }
      return true;
    } finally {
      sending.unlock();
    }
  }

  /** What to send next: the ready notifications, whether to merge them, the robot and limit. */
  private record Choice(List<Pending> ready, RobotPool.Grant grant, int limit) {}

  /** The message to send: the notifications it carries, the robot, the message and its size. */
  private record Batch(List<Pending> items, RobotPool.Grant grant, Message message, int bytes) {}

  private boolean expire(Instant now) {
    boolean any = false;
    for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.enqueuedAt.plus(relay.giveUpAfter()).isBefore(now)) {
        it.remove();
        any = true;
        metrics.drop(channel, name, RelayMetrics.EXPIRED, 1);
        LOG.error(
            "{}/{}: gave up on notification {} ({}) after {} and {} failed attempts; last error: {}",
            channel,
            name,
            p.id,
            LogText.safe(p.title()),
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
    RobotPool.Grant grant = pool.grant(now, ready.size());
    if (grant == null) {
      return null;
    }
    int limit = maxBytes;
    for (Pending p : ready) {
      if (p.maxBytes > 0) {
        limit = Math.min(limit, p.maxBytes);
      }
    }
    return new Choice(ready, grant, limit);
  }

  /**
   * The message for the ready notifications: the exporter's notice on its own; else the first
   * notification, or as many of the leading ones as fit whole when merging, with the buttons the
   * hooks give their firing alerts (asked once per alert in this attempt).
   */
  private Batch render(Choice c) {
    Pending first = c.ready().get(0);
    if (first.notice != null) {
      Message m = renderer.notice(first.notice, c.limit());
      return new Batch(List.of(first), c.grant(), m, renderer.size(m));
    }
    List<Pending> groups = new ArrayList<>();
    for (Pending p : c.ready()) {
      if (p.group == null) {
        break;
      }
      groups.add(p);
    }
    MessageRenderer.LinkSource links = links();
    List<Pending> items =
        c.grant().merge() ? largestFittingPrefix(groups, c.limit(), links) : List.of(first);
    Message message = renderer.fit(groupsOf(items), c.limit(), links);
    return new Batch(items, c.grant(), message, renderer.size(message));
  }

  private static List<AlertGroup> groupsOf(List<Pending> items) {
    return items.stream().map(p -> p.group).toList();
  }

  private List<Pending> largestFittingPrefix(
      List<Pending> ready, int limit, MessageRenderer.LinkSource links) {
    int lo = 1;
    int hi = ready.size();
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (renderer.fitsWhole(groupsOf(ready.subList(0, mid)), limit, links)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return List.copyOf(ready.subList(0, lo));
  }

  /** The hooks' buttons, each alert asked once; a hook that fails means no button. */
  private MessageRenderer.LinkSource links() {
    Map<AlertGroup.Alert, Optional<Button>> asked = new HashMap<>();
    return alert -> asked.computeIfAbsent(alert, this::ask);
  }

  private Optional<Button> ask(AlertGroup.Alert alert) {
    try {
      Optional<Button> b = hooks.buttons().forAlert(channel, name, alert.labels());
      return b == null ? Optional.empty() : b;
    } catch (RuntimeException e) {
      LOG.warn(
          "{}/{}: no button for {}, sending without: {}",
          channel,
          name,
          LogText.safe(alert.label("alertname")),
          LogText.safe(e.toString()));
      return Optional.empty();
    }
  }

  /** Tells the hooks of each firing alert of a delivered message, once per alert's labels. */
  private void tellDelivered(List<Pending> items, Instant at) {
    Set<Map<String, String>> told = new LinkedHashSet<>();
    for (Pending p : items) {
      if (p.group == null) {
        continue;
      }
      for (AlertGroup.Alert a : p.group.alerts()) {
        if (a.firing() && told.add(a.labels())) {
          try {
            hooks.deliveries().delivered(channel, name, a.labels(), at);
          } catch (RuntimeException e) {
            LOG.warn(
                "{}/{}: a delivery listener failed: {}", channel, name, LogText.safe(e.toString()));
          }
        }
      }
    }
  }

  private void settle(Batch batch, Verdict verdict, Instant now) {
    List<Pending> items = batch.items();
    Robot robot = batch.grant().robot();
    int n = items.size();
    String reason = robot.redact(verdict.reason());
    switch (verdict.kind()) {
      case SENT -> {
        queue.removeAll(items);
        lastDelivery = now;
        metrics.count(channel, name, n == 1 ? RelayMetrics.SENT : RelayMetrics.MERGED, n);
        LOG.debug("{}/{}: {} sent {} notification(s) in one message", channel, name, robot, n);
      }
      case DROP -> {
        queue.removeAll(items);
        metrics.drop(channel, name, RelayMetrics.REJECTED, n);
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
          metrics.drop(channel, name, RelayMetrics.TOO_LARGE, n);
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
        boolean otherRobot =
            verdict.kind() == Verdict.Kind.RATE_LIMITED
                && pool.saturate(batch.grant().index(), now);
        Duration delay = Duration.ZERO;
        for (Pending p : items) {
          p.attempts++;
          p.lastError = reason;
          delay =
              otherRobot ? Duration.ZERO : retry.delay(relay.initialBackoff(), p.attempts, null);
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
}
