package io.marketplaceexporter.metrics;

import io.marketplaceexporter.state.Samples;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A counter or gauge family read from the state at scrape time. It builds the snapshot directly
 * from the state's pre-built label sets, and hands the data points to the snapshot already in label
 * order: client_java sorts them again, which is linear for sorted input. Both were the main costs
 * of a large scrape through the generic callback metrics (see bench/RESULTS.md).
 */
final class StateCollector implements Collector {
  /**
   * Orders data points of one family by label values. Every point of a family has the same label
   * names (sorted the same way), so comparing values alone gives client_java's order.
   */
  static final Comparator<DataPointSnapshot> BY_LABEL_VALUES =
      (a, b) -> {
        Labels x = a.getLabels();
        Labels y = b.getLabels();
        int n = Math.min(x.size(), y.size());
        for (int i = 0; i < n; i++) {
          int c = x.getValue(i).compareTo(y.getValue(i));
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(x.size(), y.size());
      };

  private final boolean counter;
  private final MetricMetadata metadata;
  private final Consumer<Samples> source;

  private StateCollector(boolean counter, MetricMetadata metadata, Consumer<Samples> source) {
    this.counter = counter;
    this.metadata = metadata;
    this.source = source;
  }

  /** A counter; {@code name} ends in {@code _total} as in the contract. */
  static StateCollector counter(String name, String help, Consumer<Samples> source) {
    return new StateCollector(
        true, new MetricMetadata(name.replaceAll("_total$", ""), help), source);
  }

  static StateCollector gauge(String name, String help, Consumer<Samples> source) {
    Unit unit = name.endsWith("_seconds") ? Unit.SECONDS : null;
    return new StateCollector(false, new MetricMetadata(name, help, unit), source);
  }

  @Override
  public MetricSnapshot collect() {
    if (counter) {
      List<CounterDataPointSnapshot> points = new ArrayList<>();
      source.accept((v, l) -> points.add(new CounterDataPointSnapshot(v, l, null, 0)));
      points.sort(BY_LABEL_VALUES);
      return new CounterSnapshot(metadata, points);
    }
    List<GaugeDataPointSnapshot> points = new ArrayList<>();
    source.accept((v, l) -> points.add(new GaugeDataPointSnapshot(v, l, null)));
    points.sort(BY_LABEL_VALUES);
    return new GaugeSnapshot(metadata, points);
  }

  /** Skips the work for a scrape whose {@code name[]} filter excludes this family. */
  @Override
  public MetricSnapshot collect(Predicate<String> includedNames) {
    String name = metadata.getPrometheusName();
    boolean wanted = includedNames.test(name) || (counter && includedNames.test(name + "_total"));
    return wanted ? collect() : null;
  }
}
