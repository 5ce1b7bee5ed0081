package io.marketplaceexporter.alerting;

import java.time.Instant;

/**
 * A notification waiting in a {@link TargetQueue}: the group, when it arrived, how often delivery
 * failed, when it may be tried next, a size limit lowered after the robot said "too large" (0 for
 * the target's), and the last failure (already redacted). Guarded by its queue.
 */
final class Pending {
  final long id;
  final AlertGroup group;
  final Instant enqueuedAt;
  int attempts;
  Instant notBefore;
  int maxBytes;
  String lastError = "";

  Pending(
      long id,
      AlertGroup group,
      Instant enqueuedAt,
      int attempts,
      Instant notBefore,
      int maxBytes) {
    this.id = id;
    this.group = group;
    this.enqueuedAt = enqueuedAt;
    this.attempts = attempts;
    this.notBefore = notBefore;
    this.maxBytes = maxBytes;
  }
}
