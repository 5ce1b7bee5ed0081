package io.marketplaceexporter.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;

/**
 * A robot's message budget: at most {@code perMinute} sends in any sliding minute. Not thread-safe;
 * its {@link TargetQueue} guards it.
 */
final class RateLimiter {
  static final Duration WINDOW = Duration.ofMinutes(1);
  private final int perMinute;
  private final ArrayDeque<Instant> sends = new ArrayDeque<>();

  RateLimiter(int perMinute) {
    this.perMinute = perMinute;
  }

  int perMinute() {
    return perMinute;
  }

  /** Sends still allowed now. */
  int permits(Instant now) {
    Instant horizon = now.minus(WINDOW);
    while (!sends.isEmpty() && !sends.peekFirst().isAfter(horizon)) {
      sends.pollFirst();
    }
    return Math.max(0, perMinute - sends.size());
  }

  /** When the oldest send in the window ages out; {@code now} with no sends in the window. */
  Instant oldestExpiry(Instant now) {
    permits(now);
    return sends.isEmpty() ? now : sends.peekFirst().plus(WINDOW);
  }

  void record(Instant now) {
    sends.addLast(now);
  }

  /** The robot said it is over its limit: use up the budget so nothing is sent for a minute. */
  void saturate(Instant now) {
    while (permits(now) > 0) {
      sends.addLast(now);
    }
  }
}
