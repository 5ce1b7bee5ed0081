package io.marketplaceexporter.sandbox;

import io.marketplaceexporter.sources.HttpClients;
import io.marketplaceexporter.sources.Source;
import io.marketplaceexporter.sources.SourceScheduler;
import io.marketplaceexporter.sources.Sources;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox on a loopback port with every connector pointed at it, as {@code --demo} runs them,
 * on a clock the test holds still: a round of polls then changes only what a fault changes. Access
 * tokens live 30 seconds, inside the refresh margin, so every poll refreshes them.
 */
final class SandboxHarness implements AutoCloseable {
  final SourcesTestSupport t = new SourcesTestSupport();
  final Sandbox sandbox = new Sandbox(t.clock, Duration.ofSeconds(30)).start("127.0.0.1", 0);
  final List<Source> sources =
      Sources.create(
          SandboxConfig.sources(sandbox.url(), "10s", SourcesTestSupport.NOW),
          Map.of(),
          t.ingest,
          HttpClients.shared(),
          t.clock);
  final SourceScheduler scheduler = t.scheduler(sources);
  static final double NOW_SECONDS = SourcesTestSupport.NOW.getEpochSecond();

  /** Polls every source once. */
  void round() {
    sources.forEach(scheduler::pollOnce);
  }

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})? (\\S+)$");

  /** Every sample by {@code name{labels}}. */
  Map<String, Double> snapshot() {
    Map<String, Double> out = new TreeMap<>();
    for (String line : t.scrape().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (m.matches()) {
        out.put(
            m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
      }
    }
    return out;
  }

  /**
   * The series that moved differently in the second step than in the first: a counter whose
   * increase changed, a gauge whose value changed, a series that appeared or went away. Latency
   * buckets and sums are left out: they move with the machine's timing.
   */
  static Map<String, Double> moved(
      Map<String, Double> s0, Map<String, Double> s1, Map<String, Double> s2) {
    Map<String, Double> out = new TreeMap<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(s1.keySet());
    keys.addAll(s2.keySet());
    for (String k : keys) {
      String name = k.contains("{") ? k.substring(0, k.indexOf('{')) : k;
      if (name.endsWith("_duration_seconds_bucket") || name.endsWith("_duration_seconds_sum")) {
        continue;
      }
      Double a = s0.get(k);
      Double b = s1.get(k);
      Double c = s2.get(k);
      if (b == null || c == null) {
        out.put(k, c == null ? Double.NaN : c);
        continue;
      }
      boolean counter = name.endsWith("_total") || name.endsWith("_count");
      boolean changed = counter ? (c - b) != (b - (a == null ? 0 : a)) : !c.equals(b);
      if (changed) {
        out.put(k, c);
      }
    }
    return out;
  }

  static String family(String series) {
    return series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
  }

  static Map<String, String> labels(String series) {
    Map<String, String> out = new HashMap<>();
    Matcher l = Pattern.compile("([a-zA-Z_]+)=\"([^\"]*)\"").matcher(series);
    while (l.find()) {
      out.put(l.group(1), l.group(2));
    }
    return out;
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
