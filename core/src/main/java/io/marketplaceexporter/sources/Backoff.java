package io.marketplaceexporter.sources;

import io.marketplaceexporter.retry.RetryPolicy;
import java.time.Duration;
import java.util.Random;

/**
 * When to poll a source next, by the one {@link RetryPolicy} with the poll engine's parameters: the
 * source's interval is the base, {@code polling.jitter} spreads it and {@code polling.max_backoff}
 * caps it. Only transient failures (timeouts, resets, 429, 5xx) back off; any other failure keeps
 * the interval, since polling less often would not make it pass. A server's {@code Retry-After}
 * ({@link RetryPolicy#parseRetryAfter}) is a lower bound either way.
 */
public final class Backoff {
  private final RetryPolicy policy;

  public Backoff(double jitter, Duration maxBackoff, Random random) {
    this.policy = new RetryPolicy(maxBackoff, jitter, random);
  }

  /**
   * The delay before the next poll.
   *
   * @param failures consecutive failed polls including this one; 0 after a success
   * @param error why the last poll failed, or null
   * @param retryAfter what the server asked for, or null
   */
  public Duration next(Duration interval, int failures, PollError error, Duration retryAfter) {
    boolean backOff = error != null && error.transientFailure();
    return policy.delay(interval, backOff ? failures : 0, retryAfter);
  }
}
