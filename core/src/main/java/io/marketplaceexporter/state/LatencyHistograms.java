package io.marketplaceexporter.state;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Latency of marketplace API calls per marketplace and operation, in fixed buckets. Kept here
 * rather than in a client-library histogram so that it obeys the same cardinality guard.
 */
public final class LatencyHistograms {
  /** Upper bounds in seconds; +Inf is implied. */
  static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private final SeriesBudget budget;
  private final ConcurrentHashMap<Key, Histogram> histograms = new ConcurrentHashMap<>();

  LatencyHistograms(SeriesBudget budget) {
    this.budget = budget;
  }

  /**
   * Makes sure the histogram of {@code marketplace} and {@code operation} exists; false when the
   * budget has no room for it.
   */
  boolean reserve(String marketplace, String operation) {
    return histogram(new Key(marketplace, operation)) != null;
  }

  void observe(String marketplace, String operation, double seconds) {
    Histogram h = histogram(new Key(marketplace, operation));
    if (h != null) {
      h.observe(seconds);
    }
  }

  private Histogram histogram(Key key) {
    Histogram h = histograms.get(key);
    if (h == null) {
      synchronized (this) {
        h = histograms.get(key);
        if (h == null) {
          if (!budget.tryAcquire(SeriesFamily.API_DURATION, 1)) {
            return null;
          }
          h = new Histogram();
          histograms.put(key, h);
        }
      }
    }
    return h;
  }

  List<Snapshot> snapshot() {
    List<Snapshot> out = new ArrayList<>(histograms.size());
    histograms.forEach((k, h) -> out.add(h.snapshot(k)));
    return out;
  }

  private record Key(String marketplace, String operation) {}

  /**
   * One histogram's state: per-bucket (not cumulative) counts, the last one for +Inf.
   *
   * @param counts length {@code BUCKETS.length + 1}
   */
  public record Snapshot(String marketplace, String operation, long[] counts, double sum) {}

  private static final class Histogram {
    private final long[] counts = new long[BUCKETS.length + 1];
    private double sum;

    synchronized void observe(double seconds) {
      int i = 0;
      while (i < BUCKETS.length && seconds > BUCKETS[i]) {
        i++;
      }
      counts[i]++;
      sum += seconds;
    }

    synchronized Snapshot snapshot(Key k) {
      return new Snapshot(k.marketplace(), k.operation(), counts.clone(), sum);
    }
  }
}
