package io.marketplaceexporter.sources;

import io.marketplaceexporter.metrics.DirectFamily;
import io.marketplaceexporter.model.MetricNames;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * Per-source health, exposed as the Sources section of the metric contract: {@code
 * marketplace_exporter_source_up}, {@code ..._source_last_success_timestamp_seconds}, {@code
 * marketplace_exporter_poll_duration_seconds}, {@code marketplace_exporter_poll_errors_total} and
 * {@code marketplace_exporter_poll_delay_seconds}, {@code ..._poll_concurrency_limit} and {@code
 * ..._polls_in_flight} (unlabelled). Only configured sources have series; every reason starts at 0
 * so {@code increase()} sees the first error.
 *
 * <p>The four families with a {@code source} label hold about 25 series per source (250,000 at
 * 10,000 sources): they are {@link DirectFamily DirectFamilies} that write their lines straight
 * from the counts kept here, in the client library's order (sources sorted by name, errors by
 * reason then source), which the client library's own metrics and writer made a third of the
 * exporter's CPU while polling (bench/RESULTS.md). The error counts (10 series per source) and
 * {@code up} rarely change, so a scrape reuses their compressed lines until a poll fails or a
 * source goes up or down ({@link DirectFamily#keptWhile}): they were over 40% of a scrape's lines
 * at 10,000 sources, and keeping them took the polling benchmark's scrape from a p50 of 77 ms to 57
 * ms (bench/RESULTS.md).
 */
public final class SourceHealth {
  static final double[] DURATION_BUCKETS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  static final double[] DELAY_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  /** The reasons in the order of their label values, as the client library sorts label sets. */
  private static final PollError[] REASONS_BY_LABEL =
      Arrays.stream(PollError.values())
          .sorted(Comparator.comparing(PollError::label))
          .toArray(PollError[]::new);

  private static final DirectFamily.Series[] REASON_LABELS =
      Arrays.stream(PollError.values())
          .map(r -> new DirectFamily.Series(Labels.of("reason", r.label())))
          .toArray(DirectFamily.Series[]::new);

  /** The sources sorted by name: the order of their label sets in every family. */
  private final Status[] sorted;

  private final Map<String, Status> status = new HashMap<>();

  /** Moves after every change of a source's {@code up}, and after every failed poll. */
  private final LongAdder upChanges = new LongAdder();

  private final LongAdder errorChanges = new LongAdder();

  private final Histogram delay;
  private volatile IntSupplier limit = () -> 0;
  private volatile IntSupplier inFlight = () -> 0;

  /** One source's series; the poll counts under its lock. */
  private static final class Status {
    final DirectFamily.Series labels;
    volatile boolean up;
    volatile double lastSuccess = Double.NaN;
    final long[] durationCounts = new long[DURATION_BUCKETS.length + 1];
    double durationSum;
    final long[] errors = new long[PollError.values().length];

    Status(String source) {
      this.labels = new DirectFamily.Series(Labels.of("source", source));
    }

    synchronized void observe(double seconds) {
      int i = 0;
      while (i < DURATION_BUCKETS.length && seconds > DURATION_BUCKETS[i]) {
        i++;
      }
      durationCounts[i]++;
      durationSum += seconds;
    }

    synchronized void failed(PollError reason, double seconds) {
      observe(seconds);
      errors[reason.ordinal()]++;
    }

    synchronized void duration(DirectFamily.Histograms out, long[] counts) {
      System.arraycopy(durationCounts, 0, counts, 0, counts.length);
      out.add(labels, counts, durationSum);
    }

    synchronized long errors(PollError reason) {
      return errors[reason.ordinal()];
    }
  }

  public SourceHealth(PrometheusRegistry registry, Collection<String> sources) {
    long created = System.currentTimeMillis(); // the protobuf format's created timestamp
    for (String s : sources) {
      status.put(s, new Status(s));
    }
    this.sorted =
        status.values().stream()
            .sorted(Comparator.comparing(st -> st.labels.labels().getValue(0)))
            .toArray(Status[]::new);
    registry.register(
        DirectFamily.gauge(
                MetricNames.SOURCE_UP,
                "1 when the last poll of the source succeeded (or was only throttled), else 0.",
                out -> {
                  for (Status st : sorted) {
                    out.add(st.up ? 1 : 0, null, st.labels);
                  }
                })
            .keptWhile(upChanges::sum));
    registry.register(
        DirectFamily.gauge(
            MetricNames.SOURCE_LAST_SUCCESS,
            "When the last successful poll of the source finished, in Unix seconds.",
            out -> {
              for (Status st : sorted) {
                double t = st.lastSuccess;
                if (!Double.isNaN(t)) {
                  out.add(t, null, st.labels);
                }
              }
            }));
    registry.register(
        DirectFamily.histogram(
            MetricNames.POLL_DURATION,
            "How long polls of the source took, failed ones included.",
            DURATION_BUCKETS,
            created,
            out -> {
              long[] counts = new long[DURATION_BUCKETS.length + 1];
              for (Status st : sorted) {
                st.duration(out, counts);
              }
            }));
    delay =
        Histogram.builder()
            .name(MetricNames.POLL_DELAY)
            .help(
                "How late polls started against their schedule: waiting for the timer and for a"
                    + " free worker (polling.max_in_flight), all sources together.")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(DELAY_BUCKETS)
            // Observed at every poll start. The exporter records no traces, so an exemplar could
            // only be empty, and the client library's sampler would still hand a task to its
            // scheduler thread every sample interval (0.2-0.3% of a core at 10,000 shops).
            .withoutExemplars()
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
    registry.register(
        DirectFamily.counter(
                MetricNames.POLL_ERRORS,
                "Failed polls of the source, by reason.",
                created,
                out -> {
                  for (PollError reason : REASONS_BY_LABEL) {
                    DirectFamily.Series r = REASON_LABELS[reason.ordinal()];
                    for (Status st : sorted) {
                      out.add(st.errors(reason), r, st.labels);
                    }
                  }
                })
            .keptWhile(errorChanges::sum));
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
    if (!st.up) {
      st.up = true;
      upChanges.increment();
    }
    st.lastSuccess = nowSeconds;
    st.observe(seconds);
  }

  /** A throttled poll counts as an error but leaves {@code up} as it was. */
  void failed(String source, PollError reason, double seconds) {
    Status st = status.get(source);
    if (reason != PollError.THROTTLED && st.up) {
      st.up = false;
      upChanges.increment();
    }
    st.failed(reason, seconds);
    errorChanges.increment();
  }
}
