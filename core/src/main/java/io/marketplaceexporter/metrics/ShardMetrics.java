package io.marketplaceexporter.metrics;

import io.marketplaceexporter.state.Shard;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.LongSupplier;

/**
 * Which part of the shops this replica owns: its shard, the configured shops it polls and leaves to
 * other shards, and pushed events that belonged to another shard.
 */
public final class ShardMetrics {
  private ShardMetrics() {}

  /**
   * Registers the shard metrics. {@code polledShops} and {@code foreignShops} count the configured
   * marketplace sources (one shop each) this replica polls and leaves to other replicas.
   */
  public static void register(
      PrometheusRegistry registry,
      Shard shard,
      int polledShops,
      int foreignShops,
      LongSupplier misdirected) {
    Gauge.builder()
        .name("marketplace_exporter_shard_info")
        .help("Always 1: this replica's shard index and the shard count.")
        .labelNames("index", "count")
        .register(registry)
        .labelValues(Integer.toString(shard.index()), Integer.toString(shard.count()))
        .set(1);
    Gauge.builder()
        .name("marketplace_exporter_shard_polled_shops")
        .help("Configured marketplace shops this replica owns and polls.")
        .register(registry)
        .set(polledShops);
    Gauge.builder()
        .name("marketplace_exporter_shard_foreign_shops")
        .help("Configured marketplace shops other shards own, not polled by this replica.")
        .register(registry)
        .set(foreignShops);
    CounterWithCallback.builder()
        .name("marketplace_exporter_ingest_misdirected_events_total")
        .help("Pushed events not applied because another shard owns their shop.")
        .callback(cb -> cb.call(misdirected.getAsLong()))
        .register(registry);
  }
}
