package io.marketplaceexporter.alerting;

import java.time.Instant;
import java.util.List;

/**
 * A notification waiting in a {@link TargetQueue}: Alertmanager's group or the exporter's own
 * notice (exactly one of them is set), when it arrived, how often delivery failed, when it may be
 * tried next, a size limit lowered after the robot said "too large" (0 for the target's), and the
 * last failure (already redacted). Guarded by its queue.
 */
final class Pending {
  final long id;
  final AlertGroup group;
  final RelayNotice notice;
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
    this(id, group, null, enqueuedAt, attempts, notBefore, maxBytes);
  }

  Pending(
      long id,
      AlertGroup group,
      RelayNotice notice,
      Instant enqueuedAt,
      int attempts,
      Instant notBefore,
      int maxBytes) {
    if ((group == null) == (notice == null)) {
      throw new IllegalArgumentException("a pending notification is a group or a notice");
    }
    this.id = id;
    this.group = group;
    this.notice = notice;
    this.enqueuedAt = enqueuedAt;
    this.attempts = attempts;
    this.notBefore = notBefore;
    this.maxBytes = maxBytes;
  }

  /** The title its message gets, for logs (the notice's own text is not logged). */
  String title() {
    return group != null
        ? MessageRenderer.title(List.of(group))
        : Extras.NOTICE_PREFIX + notice.title();
  }
}
