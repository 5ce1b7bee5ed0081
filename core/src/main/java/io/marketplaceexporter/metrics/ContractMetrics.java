package io.marketplaceexporter.metrics;

import io.marketplaceexporter.config.AlertingConfig;
import io.marketplaceexporter.model.MetricNames;
import io.marketplaceexporter.state.LatencyHistograms;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.SeriesFamily;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Registers the business metric families of the contract. Each reads the state when scraped and
 * holds nothing itself, so a scrape never waits on ingest or polling beyond one shop's lock.
 */
public final class ContractMetrics {
  private ContractMetrics() {}

  public static ContractExposition register(PrometheusRegistry registry, MarketplaceState state) {
    return register(registry, state, AlertingConfig.defaults());
  }

  /**
   * With the series of the configuration's {@code alerting} section (rule pack thresholds). The
   * families are registered for the {@code name[]} scrapes and the formats other than text; the
   * exposition returned serves the same families rendered ahead (close it with the exporter).
   */
  public static ContractExposition register(
      PrometheusRegistry registry, MarketplaceState state, AlertingConfig alerting) {
    AlertingSeries configured = new AlertingSeries(alerting);
    ContractExposition exposition = new ContractExposition(state, configured);
    GaugeWithCallback.builder()
        .name(MetricNames.EXPOSITION_LAG)
        .help(
            "How old the business metrics on /metrics may be: seconds since the render pass that"
                + " produced them began reading the state (0 while not kept rendered: nobody scraped for 10 minutes).")
        .unit(Unit.SECONDS)
        .callback(cb -> cb.call(exposition.lagSeconds()))
        .register(registry);
    registry.register(
        StateCollector.gauge(
            AlertingSeries.THRESHOLD, AlertingSeries.THRESHOLD_HELP, configured::thresholds));
    registry.register(
        StateCollector.gauge(
            AlertingSeries.CHANGE_SCOPE,
            AlertingSeries.CHANGE_SCOPE_HELP,
            configured::changeScopes));
    for (SeriesFamily family : SeriesFamily.values()) {
      switch (family.type()) {
        case COUNTER ->
            registry.register(
                StateCollector.counter(
                    family.metricName(), family.help(), out -> state.collect(family, out)));
        case GAUGE ->
            registry.register(
                StateCollector.gauge(
                    family.metricName(),
                    family.help(),
                    family == SeriesFamily.SYNC_EXPECTED_INTERVAL
                        ? out -> configured.expectedIntervals(s -> state.collect(family, s), out)
                        : out -> state.collect(family, out)));
        case HISTOGRAM -> registry.register(new LatencyCollector(family, state));
      }
    }
    return exposition;
  }

  /** Exposes the API latency histograms kept in the state. */
  private static final class LatencyCollector implements Collector {
    private final SeriesFamily family;
    private final MarketplaceState state;
    private final double[] bounds;

    LatencyCollector(SeriesFamily family, MarketplaceState state) {
      this.family = family;
      this.state = state;
      double[] b = LatencyHistograms.buckets();
      this.bounds = java.util.Arrays.copyOf(b, b.length + 1);
      this.bounds[b.length] = Double.POSITIVE_INFINITY;
    }

    @Override
    public MetricSnapshot collect() {
      HistogramSnapshot.Builder b =
          HistogramSnapshot.builder()
              .name(family.metricName())
              .unit(Unit.SECONDS)
              .help(family.help());
      for (var h : state.latency()) {
        b.dataPoint(
            HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, h.counts()))
                .sum(h.sum())
                .labels(
                    Labels.of(
                        family.labelNames().get(0), h.marketplace(),
                        family.labelNames().get(1), h.operation()))
                .build());
      }
      return b.build();
    }
  }
}
