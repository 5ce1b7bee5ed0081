package io.marketplaceexporter.metrics;

import io.marketplaceexporter.state.Samples;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
          String u = x.getValue(i);
          String v = y.getValue(i);
          int c = u == v ? 0 : u.compareTo(v); // label values are mostly shared instances
          if (c != 0) {
            return c;
          }
        }
        return Integer.compare(x.size(), y.size());
      };

  private final boolean counter;
  private final MetricMetadata metadata;
  private final Consumer<Samples> source;
  private final long createdMillis;

  private StateCollector(
      boolean counter, MetricMetadata metadata, Consumer<Samples> source, long createdMillis) {
    this.counter = counter;
    this.metadata = metadata;
    this.source = source;
    this.createdMillis = createdMillis;
  }

  /** A counter; {@code name} ends in {@code _total} as in the contract. */
  static StateCollector counter(String name, String help, Consumer<Samples> source) {
    return counter(name, help, 0, source);
  }

  /** A counter whose series were created at {@code createdMillis} (Unix ms; 0: not known). */
  static StateCollector counter(
      String name, String help, long createdMillis, Consumer<Samples> source) {
    return new StateCollector(
        true, new MetricMetadata(name.replaceAll("_total$", ""), help), source, createdMillis);
  }

  static StateCollector gauge(String name, String help, Consumer<Samples> source) {
    Unit unit = name.endsWith("_seconds") ? Unit.SECONDS : null;
    return new StateCollector(false, new MetricMetadata(name, help, unit), source, 0);
  }

  @Override
  public MetricSnapshot collect() {
    if (counter) {
      List<CounterDataPointSnapshot> points = new ArrayList<>();
      source.accept((v, l) -> points.add(new CounterDataPointSnapshot(v, l, null, createdMillis)));
      sort(points);
      return new CounterSnapshot(metadata, points);
    }
    List<GaugeDataPointSnapshot> points = new ArrayList<>();
    source.accept((v, l) -> points.add(new GaugeDataPointSnapshot(v, l, null)));
    sort(points);
    return new GaugeSnapshot(metadata, points);
  }

  /**
   * Sorts a family's points by label values. The state emits shops in label order (marketplace,
   * shop, site), but labels named before {@code shop} other than {@code marketplace} ({@code
   * outcome}, {@code code}, {@code job}, ...) come first in the sort: grouping the points by them,
   * keeping the shop order inside each group, leaves the final sort only a few neighbours to swap,
   * which TimSort does in about linear time. The final sort alone decides the order.
   */
  static <T extends DataPointSnapshot> void sort(List<T> points) {
    if (points.size() > 1) {
      int shop = indexOf(points.get(0).getLabels(), "shop");
      if (shop > 1) {
        Map<Prefix, List<T>> groups = new HashMap<>();
        Prefix probe = new Prefix(new String[shop]);
        for (T p : points) {
          Labels l = p.getLabels();
          for (int i = 0; i < shop; i++) {
            probe.values[i] = i < l.size() ? l.getValue(i) : null;
          }
          probe.rehash();
          List<T> group = groups.get(probe);
          if (group == null) {
            group = new ArrayList<>();
            Prefix key = new Prefix(probe.values.clone());
            key.rehash();
            groups.put(key, group);
          }
          group.add(p);
        }
        if (groups.size() > 1) {
          List<Prefix> keys = new ArrayList<>(groups.keySet());
          keys.sort(null);
          points.clear();
          keys.forEach(k -> points.addAll(groups.get(k)));
        }
      }
    }
    points.sort(BY_LABEL_VALUES);
  }

  /** The values of the labels named before {@code shop}: a group key, reused as a probe. */
  private static final class Prefix implements Comparable<Prefix> {
    final String[] values;
    int hash;

    Prefix(String[] values) {
      this.values = values;
    }

    void rehash() {
      hash = Arrays.hashCode(values);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Prefix p && Arrays.equals(values, p.values);
    }

    @Override
    public int compareTo(Prefix o) {
      return Arrays.compare(values, o.values);
    }
  }

  private static int indexOf(Labels labels, String name) {
    for (int i = 0; i < labels.size(); i++) {
      if (labels.getName(i).equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Skips the work for a scrape whose {@code name[]} filter excludes this family. */
  @Override
  public MetricSnapshot collect(Predicate<String> includedNames) {
    String name = metadata.getPrometheusName();
    boolean wanted = includedNames.test(name) || (counter && includedNames.test(name + "_total"));
    return wanted ? collect() : null;
  }

  /**
   * The same with a scrape request ({@link RegistryText} makes one): the client library's default
   * would build the snapshot first and filter it afterwards, reading the whole state for a family
   * the scrape leaves out.
   */
  @Override
  public MetricSnapshot collect(
      Predicate<String> includedNames, PrometheusScrapeRequest scrapeRequest) {
    return collect(includedNames);
  }
}
