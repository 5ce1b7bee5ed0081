package io.marketplaceexporter.retry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Random;

/**
 * How long to wait before trying again: exponential backoff with a cap and jitter, honouring {@code
 * Retry-After}.
 *
 * <p>The delay after the n-th consecutive failure is {@code base × 2^(n-1)}, at most {@code max}
 * (but never below {@code base} itself: a base above the cap is kept), then spread by ±{@code
 * jitter} (a fraction), and finally raised to the server's {@code Retry-After} if that is longer
 * (which is itself capped at {@link #MAX_RETRY_AFTER}, so a hostile or broken server cannot park a
 * caller for days). With no failure (n ≤ 1) the delay is the base, spread.
 *
 * <p>The base is given per call, since one policy serves callers with different bases (every
 * source's own poll interval). Instances are safe for concurrent use when their {@link Random} is.
 */
public final class RetryPolicy {
  /** The longest {@code Retry-After} honoured. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

  private final Duration max;
  private final double jitter;
  private final Random random;

  /**
   * @param max the longest backoff (before jitter and {@code Retry-After})
   * @param jitter the fraction 0..1 each delay is spread by, up or down; 0 for exact delays
   * @param random where the jitter comes from; may be null when {@code jitter} is 0
   */
  public RetryPolicy(Duration max, double jitter, Random random) {
    this.max = Objects.requireNonNull(max, "max");
    if (max.isNegative() || max.isZero()) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be a fraction 0..1: " + jitter);
    }
    if (jitter > 0) {
      Objects.requireNonNull(random, "random");
    }
    this.jitter = jitter;
    this.random = random;
  }

  /** A policy without jitter: the same failures always give the same delay. */
  public static RetryPolicy exact(Duration max) {
    return new RetryPolicy(max, 0, null);
  }

  /**
   * The delay before the next try.
   *
   * @param base the delay after a success or a first failure
   * @param failures consecutive failures including the last one; 0 after a success
   * @param retryAfter what the server asked for, or null
   */
  public Duration delay(Duration base, int failures, Duration retryAfter) {
    Duration d = spread(backoff(base, failures));
    if (retryAfter != null) {
      Duration floor = retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
      if (d.compareTo(floor) < 0) {
        d = floor;
      }
    }
    return d;
  }

  /** {@code base} doubled per failure after the first, stopping at {@code max}. */
  private Duration backoff(Duration base, int failures) {
    if (base.compareTo(max) >= 0) {
      return base;
    }
    Duration d = base;
    for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
      d = d.multipliedBy(2);
    }
    return d.compareTo(max) > 0 ? max : d;
  }

  private Duration spread(Duration d) {
    if (jitter == 0) {
      return d;
    }
    double factor = 1 + jitter * (2 * random.nextDouble() - 1);
    return Duration.ofMillis(Math.max(1, Math.round(d.toMillis() * factor)));
  }

  /**
   * Parses a {@code Retry-After} header value (RFC 9110 §10.2.3): delay seconds or an HTTP date.
   * Null when absent or unreadable; never negative, at most {@link #MAX_RETRY_AFTER} when given in
   * seconds (an HTTP date is capped where it is used, by {@link #delay}).
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
