package io.marketplaceexporter.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Median and spread of repeated measurements. */
record Stats(double median, double min, double max, List<Double> values) {
  static Stats of(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    double median =
        v.isEmpty()
            ? Double.NaN
            : v.size() % 2 == 1
                ? v.get(v.size() / 2)
                : (v.get(v.size() / 2 - 1) + v.get(v.size() / 2)) / 2;
    return new Stats(
        median,
        v.isEmpty() ? Double.NaN : v.get(0),
        v.isEmpty() ? Double.NaN : v.get(v.size() - 1),
        v);
  }

  /** The {@code p}-th percentile (0..100) of raw samples, nearest rank. */
  static double percentile(List<Double> samples, double p) {
    List<Double> v = new ArrayList<>(samples);
    Collections.sort(v);
    if (v.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100 * v.size());
    return v.get(Math.max(0, Math.min(v.size() - 1, rank - 1)));
  }

  String format(String unit) {
    if (values.size() <= 1) {
      return fmt(median) + unit;
    }
    return fmt(median) + unit + " (" + fmt(min) + "–" + fmt(max) + ")";
  }

  static String fmt(double d) {
    if (Double.isNaN(d)) {
      return "n/a";
    }
    double a = Math.abs(d);
    if (a >= 100_000) {
      return String.format(Locale.ROOT, "%,.0f", d);
    }
    if (a >= 100) {
      return String.format(Locale.ROOT, "%.0f", d);
    }
    if (a >= 10) {
      return String.format(Locale.ROOT, "%.1f", d);
    }
    return String.format(Locale.ROOT, "%.2f", d);
  }
}
