package io.marketplaceexporter.alerting;

import java.time.Duration;

/** The target's queue is full; Alertmanager should send the notification again after a while. */
public final class QueueFullException extends RelayException {
  private static final long serialVersionUID = 1L;
  private final Duration retryAfter;

  QueueFullException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter;
  }

  /** How long the sender should wait before trying again. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
