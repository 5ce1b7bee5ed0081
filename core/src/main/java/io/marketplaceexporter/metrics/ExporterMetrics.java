package io.marketplaceexporter.metrics;

import io.marketplaceexporter.model.MetricNames;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.SeriesFamily;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The exporter's own metrics: build info, ingest results, the cardinality guard, the trackers. */
public final class ExporterMetrics {
  private ExporterMetrics() {}

  public static void register(
      PrometheusRegistry registry, MarketplaceState state, BuildInfo buildInfo) {
    Gauge.builder()
        .name(MetricNames.BUILD_INFO)
        .help("Always 1: the exporter's version and Git revision.")
        .labelNames("version", "revision")
        .register(registry)
        .labelValues(buildInfo.version(), buildInfo.revision())
        .set(1);
    registry.register(
        StateCollector.counter(
            MetricNames.INGEST_EVENTS,
            "Events received by the ingest API, by type and result.",
            state.ingestStats()::collect));
    CounterWithCallback.builder()
        .name(MetricNames.SERIES_DROPPED)
        .help("Label sets not created because the metric reached limits.max_series_per_metric.")
        .labelNames("metric")
        .callback(
            cb -> {
              for (SeriesFamily f : SeriesFamily.values()) {
                cb.call(state.budget().dropped(f), f.metricName());
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name(MetricNames.TRACKED_SKUS)
        .help("SKUs whose last price and stock the exporter remembers.")
        .callback(cb -> cb.call(state.sizes().trackedSkus()))
        .register(registry);
    CounterWithCallback.builder()
        .name(MetricNames.TRACKED_SKUS_EVICTED)
        .help("SKUs forgotten because limits.max_tracked_skus was reached.")
        .callback(cb -> cb.call(state.sizes().skusEvicted()))
        .register(registry);
    GaugeWithCallback.builder()
        .name(MetricNames.TRACKED_PAYMENTS)
        .help("Unmatched payments the exporter remembers, over all shops.")
        .callback(cb -> cb.call(state.trackedPayments()))
        .register(registry);
    CounterWithCallback.builder()
        .name(MetricNames.TRACKED_PAYMENTS_DROPPED)
        .help("Payments not tracked because limits.max_unmatched_payments_per_shop was reached.")
        .callback(cb -> cb.call(state.paymentsDropped()))
        .register(registry);
    GaugeWithCallback.builder()
        .name(MetricNames.SHOPS_TRACKED)
        .help("Shops the exporter holds series for.")
        .callback(cb -> cb.call(state.sizes().shops()))
        .register(registry);
    CounterWithCallback.builder()
        .name(MetricNames.SHOPS_REMOVED)
        .help("Shops whose series were removed, by reason (retired, expired).")
        .labelNames("reason")
        .callback(
            cb -> {
              MarketplaceState.Sizes sizes = state.sizes();
              cb.call(sizes.shopsRetired(), "retired");
              cb.call(sizes.shopsExpired(), "expired");
            })
        .register(registry);
  }
}
