package io.marketplaceexporter.storage;

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
  public static final String[] RESTORED_KINDS = {"shops", "skus", "changes", "event_ids"};

  private final Gauge lastWrite;
  private final Gauge writeDuration;
  private final Gauge size;
  private final Counter writeFailures;
  private final Counter movedAside;
  private final Gauge restored;

  public StorageMetrics(PrometheusRegistry registry) {
    lastWrite =
        Gauge.builder()
            .name("marketplace_exporter_storage_last_write_timestamp_seconds")
            .help("When a storage file was last written successfully, in Unix seconds; 0 before.")
            .labelNames("file")
            .register(registry);
    writeDuration =
        Gauge.builder()
            .name("marketplace_exporter_storage_last_write_duration_seconds")
            .help("How long the last successful write of a storage file took.")
            .labelNames("file")
            .register(registry);
    size =
        Gauge.builder()
            .name("marketplace_exporter_storage_file_size_bytes")
            .help("Size of a storage file as last written.")
            .labelNames("file")
            .register(registry);
    writeFailures =
        Counter.builder()
            .name("marketplace_exporter_storage_write_failures_total")
            .help("Writes of a storage file that failed; the previous file is kept.")
            .labelNames("file")
            .register(registry);
    movedAside =
        Counter.builder()
            .name("marketplace_exporter_storage_files_moved_aside_total")
            .help("Storage files that could not be used at start-up and were moved aside.")
            .labelNames("file")
            .register(registry);
    restored =
        Gauge.builder()
            .name("marketplace_exporter_state_restored_items")
            .help("What the state snapshot restored at start-up, by kind.")
            .labelNames("kind")
            .register(registry);
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
}
