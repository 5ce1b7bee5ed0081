package io.marketplaceexporter.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the exporter built from the tree and Debian's Pushgateway side by side on loopback with the
 * same workload, prints one table and writes the raw results. See bench/README.md.
 */
@Command(
    name = "marketplace-bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks the exporter against the Pushgateway.")
public final class BenchMain implements Callable<Integer> {
  @Option(names = "--exporter-jar", defaultValue = "exporter/target/marketplace-exporter.jar")
  Path exporterJar;

  @Option(names = "--pushgateway", defaultValue = "prometheus-pushgateway")
  String pushgateway;

  @Option(names = "--heap", defaultValue = "4g", description = "Exporter -Xmx.")
  String heap;

  @Option(
      names = "--exporter-jvm-option",
      description =
          "An extra JVM option for the exporter, repeatable, e.g. a flight recording for a"
              + " profile: --exporter-jvm-option=-XX:StartFlightRecording=filename=x.jfr")
  List<String> exporterJvmOptions = new ArrayList<>();

  @Option(names = "--shops", defaultValue = "2000", description = "Shops in the ingest workload.")
  int shops;

  @Option(names = "--run", defaultValue = "10s", description = "Length of one load run.")
  String run;

  @Option(names = "--repeats", defaultValue = "3")
  int repeats;

  @Option(
      names = "--series",
      split = ",",
      defaultValue = "10000,100000,1000000",
      description = "Series counts for the scrape and memory measurements.")
  List<Integer> series;

  @Option(names = "--scrapes", defaultValue = "20", description = "Timed scrapes per setting.")
  int scrapes;

  @Option(names = "--churn", defaultValue = "10m", description = "Length of the churn run.")
  String churn;

  @Option(
      names = "--poll-shops",
      defaultValue = "10000",
      description = "Sandbox shops (sources) in the polling part.")
  int pollShops;

  @Option(names = "--poll-interval", defaultValue = "60s", description = "Their poll interval.")
  String pollInterval;

  @Option(
      names = "--polling",
      defaultValue = "7m",
      description = "Length of the polling part, its first three intervals a warm-up.")
  String polling;

  @Option(
      names = "--poll-max-in-flight",
      description = "The exporter's polling.max_in_flight (default: the exporter's, auto).")
  Integer pollMaxInFlight;

  @Option(
      names = "--poll-large-shops",
      defaultValue = "50000",
      description =
          "A second polling run with this many shops (0: none), with --poll-large-max-in-flight.")
  int pollLargeShops;

  @Option(
      names = "--poll-large-max-in-flight",
      defaultValue = "1024",
      description = "The exporter's polling.max_in_flight in the second polling run.")
  int pollLargeMaxInFlight;

  @Option(
      names = "--poll-latency",
      defaultValue = "300ms",
      description = "Delay every sandbox marketplace call by this much (0ms: none).")
  String pollLatency;

  @Option(
      names = "--poll-scrape-every",
      defaultValue = "15s",
      description =
          "The polling part scrapes the exporter this often, as Prometheus would (0s: never).")
  String pollScrapeEvery;

  @Option(
      names = "--prometheus-series",
      split = ",",
      description =
          "Series counts for the prometheus part (default 100000,1000000; --series when given).")
  List<Integer> prometheusSeries;

  @Option(
      names = "--prometheus-scrapes",
      defaultValue = "15",
      description =
          "Scrapes of each target in each measured window of the prometheus part (the window is"
              + " this many scrape intervals: 5s, or 10s above 500,000 series).")
  int prometheusScrapes;

  @Option(
      names = "--prometheus-rounds",
      defaultValue = "3",
      description =
          "Fresh pairs of Prometheus servers (one for the exporter, one for nginx) per window of the"
              + " prometheus part; the window's scrapes are split among them and pooled.")
  int prometheusRounds;

  @Option(
      names = "--nginx",
      defaultValue = "/usr/sbin/nginx",
      description = "nginx (Debian's nginx-light) for the prometheus part.")
  String nginx;

  @Spec CommandSpec spec;

  @Option(
      names = "--only",
      split = ",",
      defaultValue = "ingest,scrape,prometheus,churn,polling",
      description = "Which parts to run.")
  Set<String> only;

  @Option(names = "--out", defaultValue = "bench/results")
  Path out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (prometheusScrapes < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--prometheus-scrapes: must be at least 1");
    }
    if (prometheusRounds < 1 || prometheusRounds > prometheusScrapes) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--prometheus-rounds: must be between 1 and --prometheus-scrapes ("
              + prometheusScrapes
              + ")");
    }
    Report report = new Report();
    Targets targets = new Targets(exporterJar, pushgateway, heap, exporterJvmOptions);
    Duration runLength = parse(run);
    if (only.contains("ingest")) {
      new IngestBench(targets, report, shops, runLength, repeats).run();
    }
    if (only.contains("scrape")) {
      new ScrapeBench(targets, report, series, scrapes, runLength).run();
    }
    if (only.contains("prometheus")) {
      List<Integer> sizes =
          prometheusSeries != null
              ? prometheusSeries
              : spec.commandLine().getParseResult().hasMatchedOption("--series")
                  ? series
                  : List.of(100_000, 1_000_000);
      new PrometheusBench(targets, report, sizes, prometheusScrapes, prometheusRounds, nginx).run();
    }
    if (only.contains("churn")) {
      new ChurnBench(targets, report, parse(churn)).run();
    }
    if (only.contains("polling")) {
      new PollingBench(
              targets,
              report,
              pollShops,
              parse(pollInterval),
              parse(polling),
              pollMaxInFlight,
              pollLatency,
              parse(pollScrapeEvery))
          .run();
      if (pollLargeShops > 0) {
        new PollingBench(
                targets,
                report,
                pollLargeShops,
                parse(pollInterval),
                parse(polling),
                pollLargeMaxInFlight,
                pollLatency,
                parse(pollScrapeEvery))
            .run();
      }
    }
    String table = report.table();
    System.out.println(table);
    Files.createDirectories(out);
    String stamp = Instant.now().toString().replace(":", "");
    Files.writeString(out.resolve("bench-" + stamp + ".md"), table);
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("started", stamp);
    raw.put("machine", machine());
    raw.put("rows", report.rows());
    raw.put("tables", report.tables());
    raw.put("raw", report.raw());
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(out.resolve("bench-" + stamp + ".json").toFile(), raw);
    System.out.println("raw results: " + out.resolve("bench-" + stamp + ".json"));
    return 0;
  }

  private static Duration parse(String d) {
    if (d.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(d.substring(0, d.length() - 2)));
    }
    long n = Long.parseLong(d.substring(0, d.length() - 1));
    return switch (d.charAt(d.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("duration like 10s, 5m: " + d);
    };
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpus", Runtime.getRuntime().availableProcessors());
    m.put("java", System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    return m;
  }

  /** One row of the table: a measurement for both targets and their ratio. */
  record Row(String part, String what, String exporter, String pushgateway, String ratio) {}

  /** A table of its own (a part whose columns are not exporter and Pushgateway). */
  record Table(String title, List<String> header, List<List<String>> rows) {
    void row(String... cells) {
      if (cells.length != header.size()) {
        throw new IllegalArgumentException(header.size() + " cells expected: " + List.of(cells));
      }
      rows.add(List.of(cells));
      System.out.println(String.join(" | ", cells));
    }

    String markdown() {
      StringBuilder b = new StringBuilder("\n").append(title).append("\n\n");
      b.append("| ").append(String.join(" | ", header)).append(" |\n");
      b.append("|").append("---|".repeat(header.size())).append('\n');
      for (List<String> r : rows) {
        b.append("| ").append(String.join(" | ", r)).append(" |\n");
      }
      return b.toString();
    }
  }

  /** Collects rows, tables of their own and raw samples. */
  static final class Report {
    private final List<Row> rows = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();
    private final Map<String, Object> raw = new LinkedHashMap<>();

    void row(String part, String what, String exporter, String pushgateway, String ratio) {
      rows.add(new Row(part, what, exporter, pushgateway, ratio));
      System.out.printf("%-8s %-52s %-28s %-28s %s%n", part, what, exporter, pushgateway, ratio);
    }

    Table table(String title, List<String> header) {
      Table t = new Table(title, List.copyOf(header), new ArrayList<>());
      tables.add(t);
      System.out.println(title);
      return t;
    }

    List<Table> tables() {
      return tables;
    }

    void raw(String key, Object value) {
      raw.put(key, value);
    }

    List<Row> rows() {
      return rows;
    }

    Map<String, Object> raw() {
      return raw;
    }

    String table() {
      StringBuilder b = new StringBuilder();
      b.append("| part | measurement | exporter | pushgateway | exporter ÷ pushgateway |\n");
      b.append("|---|---|---|---|---|\n");
      for (Row r : rows) {
        b.append("| ")
            .append(
                String.join(" | ", r.part(), r.what(), r.exporter(), r.pushgateway(), r.ratio()))
            .append(" |\n");
      }
      for (Table t : tables) {
        b.append(t.markdown());
      }
      return b.toString();
    }
  }
}
