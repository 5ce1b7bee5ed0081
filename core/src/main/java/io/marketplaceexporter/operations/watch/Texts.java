package io.marketplaceexporter.operations.watch;

import io.marketplaceexporter.config.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/** Small formatting shared by the watches' notices. */
final class Texts {
  private Texts() {}

  /** {@code marketplace=amazon, shop=s1} in code style; no backticks or line breaks get through. */
  static String labels(Map<String, String> labels) {
    StringJoiner j = new StringJoiner(", ");
    new TreeMap<>(labels)
        .forEach(
            (k, v) -> {
              if (!k.equals("alertname") && !v.isEmpty()) {
                j.add(clean(k) + "=" + clean(v));
              }
            });
    return j.length() == 0 ? "" : "`" + j + "`";
  }

  /** {@code s} without backticks and control characters, at most 200 characters. */
  static String clean(String s) {
    String out = s.replaceAll("[`\\p{Cntrl}\\u2028\\u2029]", " ");
    return out.length() <= 200 ? out : out.substring(0, 200) + "…";
  }

  /** {@code 30m}, {@code 1h30m}, {@code 45s}. */
  static String duration(Duration d) {
    return Durations.format(d);
  }

  /** A ratio as a percentage with two decimals, or "no data". */
  static String percent(double ratio) {
    return Double.isNaN(ratio) ? "no data" : String.format("%.2f%%", ratio * 100);
  }
}
