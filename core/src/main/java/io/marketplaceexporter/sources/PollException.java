package io.marketplaceexporter.sources;

import java.time.Duration;

/**
 * A failed poll. The message is written by the connector from status codes, error codes and
 * operation names only: never a URL with its query, a header or a body, so it holds no secret.
 */
public final class PollException extends Exception {
  private static final long serialVersionUID = 1L;

  private final PollError reason;
  private final transient Duration retryAfter;

  public PollException(PollError reason, String message) {
    this(reason, message, null);
  }

  /** {@code retryAfter} is what the server asked for ({@code Retry-After}), or null. */
  public PollException(PollError reason, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  public PollError reason() {
    return reason;
  }

  /** The wait the server asked for, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
