package io.marketplaceexporter.sources;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;

/**
 * When to poll a source next: its interval spread by jitter after a success; after transient
 * failures (timeouts, resets, 429, 5xx) the interval doubles per consecutive failure up to a
 * maximum; a server's {@code Retry-After} is a lower bound (capped at one hour).
 */
public final class Backoff {
  static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private final double jitter;
  private final Duration maxBackoff;
  private final Random random;

  public Backoff(double jitter, Duration maxBackoff, Random random) {
    this.jitter = jitter;
    this.maxBackoff = maxBackoff;
    this.random = random;
  }

  /**
   * The delay before the next poll.
   *
   * @param failures consecutive failed polls including this one; 0 after a success
   * @param error why the last poll failed, or null
   * @param retryAfter what the server asked for, or null
   */
  public Duration next(Duration interval, int failures, PollError error, Duration retryAfter) {
    Duration base = interval;
    if (error != null && error.transientFailure() && failures > 1) {
      int doublings = Math.min(failures - 1, 20);
      base = interval.multipliedBy(1L << doublings);
      if (base.compareTo(maxBackoff) > 0) {
        base = interval.compareTo(maxBackoff) > 0 ? interval : maxBackoff;
      }
    }
    Duration d = spread(base);
    if (retryAfter != null) {
      Duration floor = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
      if (d.compareTo(floor) < 0) {
        d = floor;
      }
    }
    return d;
  }

  private Duration spread(Duration d) {
    if (jitter == 0) {
      return d;
    }
    double factor = 1 + jitter * (2 * random.nextDouble() - 1);
    return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
  }

  /**
   * Parses a {@code Retry-After} value: delay seconds or an HTTP date. Null when absent or
   * unreadable; never negative.
   */
  public static Duration parseRetryAfter(String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0
          ? null
          : Duration.ofSeconds(Math.min(seconds, MAX_RETRY_AFTER.toSeconds()));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(clock.instant(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
