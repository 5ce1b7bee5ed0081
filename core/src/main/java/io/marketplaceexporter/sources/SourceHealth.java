package io.marketplaceexporter.sources;

import io.marketplaceexporter.model.MetricNames;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * Per-source health, exposed as the Sources section of the metric contract: {@code
 * marketplace_exporter_source_up}, {@code ..._source_last_success_timestamp_seconds}, {@code
 * marketplace_exporter_poll_duration_seconds}, {@code marketplace_exporter_poll_errors_total} and
 * {@code marketplace_exporter_poll_delay_seconds}, {@code ..._poll_concurrency_limit} and {@code
 * ..._polls_in_flight} (unlabelled). Only configured sources have series; every reason starts at 0
 * so {@code increase()} sees the first error.
 */
public final class SourceHealth {
  static final double[] DURATION_BUCKETS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  static final double[] DELAY_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private final Map<String, Status> status = new ConcurrentHashMap<>();
  private final Histogram duration;
  private final Histogram delay;
  private final Counter errors;
  private volatile IntSupplier limit = () -> 0;
  private volatile IntSupplier inFlight = () -> 0;

  private static final class Status {
    volatile boolean up;
    volatile double lastSuccess = Double.NaN;
  }

  public SourceHealth(PrometheusRegistry registry, Collection<String> sources) {
    for (String s : sources) {
      status.put(s, new Status());
    }
    GaugeWithCallback.builder()
        .name(MetricNames.SOURCE_UP)
        .help("1 when the last poll of the source succeeded (or was only throttled), else 0.")
        .labelNames("source")
        .callback(cb -> status.forEach((s, st) -> cb.call(st.up ? 1 : 0, s)))
        .register(registry);
    GaugeWithCallback.builder()
        .name(MetricNames.SOURCE_LAST_SUCCESS)
        .help("When the last successful poll of the source finished, in Unix seconds.")
        .unit(Unit.SECONDS)
        .labelNames("source")
        .callback(
            cb ->
                status.forEach(
                    (s, st) -> {
                      if (!Double.isNaN(st.lastSuccess)) {
                        cb.call(st.lastSuccess, s);
                      }
                    }))
        .register(registry);
    duration =
        Histogram.builder()
            .name(MetricNames.POLL_DURATION)
            .help("How long polls of the source took, failed ones included.")
            .unit(Unit.SECONDS)
            .labelNames("source")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
    delay =
        Histogram.builder()
            .name(MetricNames.POLL_DELAY)
            .help(
                "How late polls started against their schedule: waiting for the timer and for a"
                    + " free worker (polling.max_in_flight), all sources together.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(DELAY_BUCKETS)
            .register(registry);
    GaugeWithCallback.builder()
        .name(MetricNames.POLL_CONCURRENCY_LIMIT)
        .help(
            "How many polls may run at once now: from due polls a second and their durations,"
                + " within 4..polling.max_in_flight.")
        .callback(cb -> cb.call(limit.getAsInt()))
        .register(registry);
    GaugeWithCallback.builder()
        .name(MetricNames.POLLS_IN_FLIGHT)
        .help("Polls holding a place now (a poll gives its place up after 5 s).")
        .callback(cb -> cb.call(inFlight.getAsInt()))
        .register(registry);
    errors =
        Counter.builder()
            .name(MetricNames.POLL_ERRORS)
            .help("Failed polls of the source, by reason.")
            .labelNames("source", "reason")
            .register(registry);
    for (String s : sources) {
      duration.labelValues(s);
      for (PollError e : PollError.values()) {
        errors.labelValues(s, e.label());
      }
    }
  }

  /** When the last successful poll of {@code source} finished (Unix seconds), or NaN. */
  double lastSuccess(String source) {
    Status st = status.get(source);
    return st == null ? Double.NaN : st.lastSuccess;
  }

  /** Where the concurrency gauges read the scheduler's places and the polls holding them. */
  void concurrency(IntSupplier limit, IntSupplier inFlight) {
    this.limit = limit;
    this.inFlight = inFlight;
  }

  /** A poll started {@code lateSeconds} after it was due. */
  void started(double lateSeconds) {
    delay.observe(Math.max(0, lateSeconds));
  }

  void succeeded(String source, double seconds, double nowSeconds) {
    Status st = status.get(source);
    st.up = true;
    st.lastSuccess = nowSeconds;
    duration.labelValues(source).observe(seconds);
  }

  /** A throttled poll counts as an error but leaves {@code up} as it was. */
  void failed(String source, PollError reason, double seconds) {
    Status st = status.get(source);
    if (reason != PollError.THROTTLED) {
      st.up = false;
    }
    duration.labelValues(source).observe(seconds);
    errors.labelValues(source, reason.label()).inc();
  }
}
