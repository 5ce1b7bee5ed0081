package io.marketplaceexporter.metrics;

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
        .name("marketplace_exporter_build_info")
        .help("Always 1: the exporter's version and Git revision.")
        .labelNames("version", "revision")
        .register(registry)
        .labelValues(buildInfo.version(), buildInfo.revision())
        .set(1);
    registry.register(
        StateCollector.counter(
            "marketplace_exporter_ingest_events_total",
            "Events received by the ingest API, by type and result.",
            state.ingestStats()::collect));
    CounterWithCallback.builder()
        .name("marketplace_exporter_series_dropped_total")
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
        .name("marketplace_exporter_tracked_skus")
        .help("SKUs whose last price and stock the exporter remembers.")
        .callback(cb -> cb.call(state.trackedSkus()))
        .register(registry);
    CounterWithCallback.builder()
        .name("marketplace_exporter_tracked_skus_evicted_total")
        .help("SKUs forgotten because limits.max_tracked_skus was reached.")
        .callback(cb -> cb.call(state.skusEvicted()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("marketplace_exporter_shops_tracked")
        .help("Shops the exporter holds series for.")
        .callback(cb -> cb.call(state.shopCount()))
        .register(registry);
    CounterWithCallback.builder()
        .name("marketplace_exporter_shops_removed_total")
        .help("Shops whose series were removed, by reason (retired, expired).")
        .labelNames("reason")
        .callback(
            cb -> {
              cb.call(state.shopsRetired(), "retired");
              cb.call(state.shopsExpired(), "expired");
            })
        .register(registry);
  }
}
