package io.marketplaceexporter.storage;

import io.marketplaceexporter.model.MetricNames;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Metrics of the files under {@code --storage.path}, by {@code file} ({@code state}, {@code
 * relay_queue}): when each was last written, how long that took and how big it was, failed writes,
 * files moved aside at start-up, and what the state snapshot restored.
 */
public final class StorageMetrics {
  /** Labels of {@code marketplace_exporter_state_restored_items}. */
  public static final String[] RESTORED_KINDS = {
    "shops", "skus", "changes", "payments", "event_ids"
  };

  private final Gauge lastWrite;
  private final Gauge writeDuration;
  private final Gauge size;
  private final Counter writeFailures;
  private final Counter movedAside;
  private final Gauge restored;

  public StorageMetrics(PrometheusRegistry registry) {
    lastWrite =
        gauge(
            registry,
            MetricNames.STORAGE_LAST_WRITE,
            "When a storage file was last written successfully, in Unix seconds; 0 before.",
            "file");
    writeDuration =
        gauge(
            registry,
            MetricNames.STORAGE_LAST_WRITE_DURATION,
            "How long the last successful write of a storage file took.",
            "file");
    size =
        gauge(
            registry,
            MetricNames.STORAGE_FILE_SIZE,
            "Size of a storage file as last written.",
            "file");
    writeFailures =
        counter(
            registry,
            MetricNames.STORAGE_WRITE_FAILURES,
            "Writes of a storage file that failed; the previous file is kept.",
            "file");
    movedAside =
        counter(
            registry,
            MetricNames.STORAGE_FILES_MOVED_ASIDE,
            "Storage files that could not be used at start-up and were moved aside.",
            "file");
    restored =
        gauge(
            registry,
            MetricNames.STATE_RESTORED_ITEMS,
            "What the state snapshot restored at start-up, by kind.",
            "kind");
    for (String kind : RESTORED_KINDS) {
      restored.labelValues(kind).set(0);
    }
  }

  /** Makes the series of {@code file} exist from start-up, at 0. */
  void init(String file) {
    lastWrite.labelValues(file);
    writeDuration.labelValues(file);
    size.labelValues(file);
    writeFailures.labelValues(file);
    movedAside.labelValues(file);
  }

  void written(String file, double atSeconds, double seconds, long bytes) {
    lastWrite.labelValues(file).set(atSeconds);
    writeDuration.labelValues(file).set(seconds);
    size.labelValues(file).set(bytes);
  }

  void writeFailed(String file) {
    writeFailures.labelValues(file).inc();
  }

  void movedAside(String file) {
    movedAside.labelValues(file).inc();
  }

  void restored(String kind, long n) {
    restored.labelValues(kind).set(n);
  }

  private static Gauge gauge(PrometheusRegistry registry, String name, String help, String label) {
    return Gauge.builder().name(name).help(help).labelNames(label).register(registry);
  }

  private static Counter counter(
      PrometheusRegistry registry, String name, String help, String label) {
    return Counter.builder().name(name).help(help).labelNames(label).register(registry);
  }
}
