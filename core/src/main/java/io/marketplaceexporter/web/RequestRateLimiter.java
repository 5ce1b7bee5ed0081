package io.marketplaceexporter.web;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The {@link RateLimit} at work: a Bucket4j token bucket of {@code burst} tokens that starts full
 * and gets one token back per {@code interval}, continuously (half an interval after a request,
 * half a token is back), as Go's {@code rate.Limiter} that the exporter toolkit uses. Thread-safe
 * and lock-free; one instance serves every request of the server.
 */
final class RequestRateLimiter {
  private final Bucket bucket;

  /**
   * A limiter reading the time from {@code nanoTime} (monotonic nanoseconds, like {@link
   * System#nanoTime}); tests pass a clock they move by hand.
   */
  RequestRateLimiter(RateLimit limit, LongSupplier nanoTime) {
    if (!limit.enabled()) {
      throw new IllegalArgumentException("rate limit is off");
    }
    TimeMeter clock =
        new TimeMeter() {
          @Override
          public long currentTimeNanos() {
            return nanoTime.getAsLong();
          }

          @Override
          public boolean isWallClockBased() {
            return false;
          }
        };
    this.bucket =
        Bucket.builder()
            .addLimit(l -> l.capacity(limit.burst()).refillGreedy(1, limit.interval()))
            .withCustomTimePrecision(clock)
            .build();
  }

  /**
   * Takes a token for one request: {@link Duration#ZERO} when there was one (the request may go
   * on), else how long until the next token comes back (the request is refused).
   */
  Duration acquire() {
    ConsumptionProbe p = bucket.tryConsumeAndReturnRemaining(1);
    return p.isConsumed()
        ? Duration.ZERO
        : Duration.ofNanos(Math.max(1, p.getNanosToWaitForRefill()));
  }
}
