package io.marketplaceexporter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one reader of the metric contract {@code docs/metrics.md} for every test module: its tables
 * (name → type, label names and the {@code ## } section listing it), the series names they imply
 * and the documented backticked words.
 */
public final class MetricContract {
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`([a-zA-Z_:][a-zA-Z0-9_:]*)`\\s*\\|\\s*([a-z]+)\\s*\\|([^|]*)\\|");
  private static final Pattern LABEL = Pattern.compile("`([a-z_][a-z0-9_]*)`");
  private static final Pattern BACKTICKED = Pattern.compile("`([^`]+)`");

  /** The section of metrics that exist only when alert relay targets are configured. */
  public static final String RELAY = "Alert relay";

  /** The section of metrics that exist only when the alerting section sets them. */
  public static final String ALERTING = "Alerting configuration";

  /** The section of metrics that exist only when sources are configured. */
  public static final String SOURCES = "Sources";

  /** One documented metric and the {@code ## } section it is listed under. */
  public record Entry(String name, String type, Set<String> labels, String section) {}

  private MetricContract() {}

  public static Map<String, Entry> load() {
    Path file = ProjectFiles.root().resolve("docs/metrics.md");
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Map<String, Entry> parse(String markdown) {
    Map<String, Entry> out = new LinkedHashMap<>();
    String section = "";
    for (String line : markdown.split("\n")) {
      if (line.startsWith("## ")) {
        section = line.substring(3).strip();
        continue;
      }
      Matcher m = ROW.matcher(line);
      if (!m.find()) {
        continue;
      }
      Set<String> labels = new TreeSet<>();
      Matcher l = LABEL.matcher(m.group(3));
      while (l.find()) {
        labels.add(l.group(1));
      }
      if (out.put(m.group(1), new Entry(m.group(1), m.group(2), labels, section)) != null) {
        throw new IllegalStateException("docs/metrics.md lists " + m.group(1) + " twice");
      }
    }
    return out;
  }

  /**
   * The series names the entries imply: every name, and for a histogram its {@code _bucket}, {@code
   * _sum} and {@code _count} series.
   */
  public static Set<String> seriesNames(Map<String, Entry> contract) {
    Set<String> names = new TreeSet<>();
    for (Entry e : contract.values()) {
      names.add(e.name());
      if (e.type().equals("histogram")) {
        names.addAll(List.of(e.name() + "_bucket", e.name() + "_sum", e.name() + "_count"));
      }
    }
    return names;
  }

  /** The names of the entries listed under {@code section}. */
  public static Set<String> namesIn(Map<String, Entry> contract, String section) {
    return contract.values().stream()
        .filter(e -> e.section().equals(section))
        .map(Entry::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Every backticked word of the markdown (the documented label values among them). */
  public static Set<String> backtickedWords(String markdown) {
    Set<String> words = new TreeSet<>();
    Matcher m = BACKTICKED.matcher(markdown);
    while (m.find()) {
      words.add(m.group(1));
    }
    return words;
  }

  /** Label names of the samples of one exposed family (histogram buckets without {@code le}). */
  public static Set<String> exposedLabels(MetricsText m, String family, String type) {
    String sampleName = type.equals("histogram") ? family + "_bucket" : family;
    return m.samples(sampleName).stream()
        .flatMap(s -> s.labels().keySet().stream())
        .filter(l -> !(type.equals("histogram") && l.equals("le")))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * The contract metrics that have no sample in {@code m} (histograms by their count), leaving out
   * the metrics of {@code skippedSections}.
   */
  public static Set<String> withoutData(MetricsText m, String... skippedSections) {
    Set<String> skipped = Set.of(skippedSections);
    Set<String> missing = new TreeSet<>();
    for (Entry e : load().values()) {
      if (skipped.contains(e.section())) {
        continue;
      }
      String sample = e.type().equals("histogram") ? e.name() + "_count" : e.name();
      if (m.samples(sample).isEmpty()) {
        missing.add(e.name());
      }
    }
    return missing;
  }

  public static boolean isRuntimeMetric(String name) {
    return Arrays.asList("jvm_", "process_").stream().anyMatch(name::startsWith);
  }
}
