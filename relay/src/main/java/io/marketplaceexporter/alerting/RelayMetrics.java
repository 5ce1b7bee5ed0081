package io.marketplaceexporter.alerting;

import io.marketplaceexporter.model.MetricNames;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The relay's metrics. Every accepted notification ends exactly once as {@code sent} (in a message
 * of its own), {@code merged} (in a message with others) or {@code dropped} (given up, logged);
 * {@code retried} counts failed attempts that will be retried, per notification. Every {@code
 * dropped} one is also counted once by why it was given up.
 */
final class RelayMetrics {
  static final String SENT = "sent";
  static final String RETRIED = "retried";
  static final String MERGED = "merged";
  static final String DROPPED = "dropped";

  /** The robot refused it for a reason retrying cannot fix (signature, keyword, IP, token). */
  static final String REJECTED = "rejected";

  /** The robot refused it as too large even after shrinking it to the smallest message. */
  static final String TOO_LARGE = "too_large";

  /** Still undelivered after {@code relay.give_up_after} of retries. */
  static final String EXPIRED = "expired";

  /** Refused with 503 (or not restored) because the target's queue was full. */
  static final String QUEUE_FULL = "queue_full";

  private static final String[] DROP_REASONS = {REJECTED, TOO_LARGE, EXPIRED, QUEUE_FULL};

  private final Counter notifications;
  private final Counter dropped;
  private final Histogram duration;

  RelayMetrics(PrometheusRegistry registry, Supplier<Collection<TargetQueue>> targets) {
    notifications =
        Counter.builder()
            .name(MetricNames.NOTIFICATIONS)
            .help(
                "Alertmanager notifications relayed to chat robots, by channel, target and outcome"
                    + " (sent, retried, merged, dropped).")
            .labelNames("channel", "target", "outcome")
            .register(registry);
    dropped =
        Counter.builder()
            .name(MetricNames.NOTIFICATIONS_DROPPED)
            .help(
                "Relayed notifications given up, by channel, target and reason (rejected,"
                    + " too_large, expired, queue_full).")
            .labelNames("channel", "target", "reason")
            .register(registry);
    duration =
        Histogram.builder()
            .name(MetricNames.NOTIFICATION_DURATION)
            .help("Duration of requests to chat robots, by channel, failed ones included.")
            .labelNames("channel")
            .classicOnly()
            .classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
    GaugeWithCallback.builder()
        .name(MetricNames.NOTIFICATION_QUEUE_DEPTH)
        .help("Notifications waiting for delivery to a relay target.")
        .labelNames("channel", "target")
        .callback(
            cb -> {
              for (TargetQueue t : targets.get()) {
                cb.call(t.depth(), t.channel(), t.name());
              }
            })
        .register(registry);
  }

  /** Makes a target's series (and its channel's histogram) exist from the start, at 0. */
  void init(String channel, String target) {
    for (String outcome : new String[] {SENT, RETRIED, MERGED, DROPPED}) {
      notifications.labelValues(channel, target, outcome);
    }
    for (String reason : DROP_REASONS) {
      dropped.labelValues(channel, target, reason);
    }
    duration.labelValues(channel);
  }

  void count(String channel, String target, String outcome, int n) {
    if (n > 0) {
      notifications.labelValues(channel, target, outcome).inc(n);
    }
  }

  /** Counts {@code n} notifications as {@code dropped}, and once more by {@code reason}. */
  void drop(String channel, String target, String reason, int n) {
    if (n > 0) {
      notifications.labelValues(channel, target, DROPPED).inc(n);
      dropped.labelValues(channel, target, reason).inc(n);
    }
  }

  /** Notifications of a target given up since start, all reasons. */
  long dropped(String channel, String target) {
    return (long) notifications.labelValues(channel, target, DROPPED).get();
  }

  void observe(String channel, double seconds) {
    duration.labelValues(channel).observe(seconds);
  }
}
