package io.marketplaceexporter.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Starts the two servers under test and loads them with prepared data. */
final class Targets {
  static final String JSON = "application/json";
  static final String TEXT = "text/plain; version=0.0.4";

  private final Path exporterJar;
  private final String pushgateway;
  private final String heap;
  private final List<String> jvmOptions;

  Targets(Path exporterJar, String pushgateway, String heap, List<String> jvmOptions) {
    this.exporterJar = exporterJar;
    this.pushgateway = pushgateway;
    this.heap = heap;
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** The exporter with limits high enough for a million series, and the given shop TTL. */
  Server exporter(String shopTtl) throws IOException, InterruptedException {
    return exporter(shopTtl, "");
  }

  /** The same, with {@code extraYaml} (top-level sections such as {@code sources:}) appended. */
  Server exporter(String shopTtl, String extraYaml) throws IOException, InterruptedException {
    if (!Files.isRegularFile(exporterJar)) {
      throw new IllegalStateException(exporterJar + " is missing: build it first (bench/run.sh)");
    }
    Path config = Scratch.file("exporter", ".yml");
    Files.writeString(
        config,
        """
        limits:
          max_series_per_metric: 5000000
          max_tracked_skus: 5000000
          shop_ttl: %s
        ingest:
          dedup_max_ids: 0
        web:
          max_request_bytes: 4194304
        auth:
          allow_unauthenticated: true   # on loopback; the load generators send no token
        """
                .formatted(shopTtl)
            + extraYaml);
    int port = Server.freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + heap);
    command.add("-XX:+UseG1GC");
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "-jar",
            exporterJar.toString(),
            "--config.file=" + config,
            // A fresh state directory for every exporter: with the default (data/ in the working
            // directory) each one would restore the shops the previous one left behind. The
            // snapshot writer runs with its default interval (5s), as in production.
            "--storage.path=" + Scratch.directory("exporter-data"),
            "--web.listen-address=127.0.0.1:" + port,
            "--log.level=warn"));
    return Server.start("exporter", port, command, "/-/ready");
  }

  /** The path of the exporter jar, which also holds the sandbox marketplace. */
  Path exporterJar() {
    return exporterJar;
  }

  Server pushgateway() throws IOException, InterruptedException {
    int port = Server.freePort();
    return Server.start(
        "pushgateway",
        port,
        // Debian's build persists to /var/lib/prometheus/pushgateway.data by default, which
        // would carry one run's groups into the next: keep it in memory, as upstream does.
        List.of(
            pushgateway,
            "--web.listen-address=127.0.0.1:" + port,
            "--persistence.file=",
            "--log.level=warn"),
        "/-/ready");
  }

  /** The Pushgateway's version line ({@code --version}), e.g. "pushgateway, version 1.5.1". */
  String pushgatewayVersion() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(pushgateway, "--version").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    String first = out.lines().findFirst().orElse("").strip();
    int paren = first.indexOf(" (");
    return (paren > 0 ? first.substring(0, paren) : first) + " (" + pushgateway + ")";
  }

  /** Posts one round of events for shops [from, to) in batches of 500, on 4 connections. */
  static void loadExporter(Server s, int from, int to, long round) throws Exception {
    double now = System.currentTimeMillis() / 1000.0;
    List<String> bodies = batches(from, to, round, now, 500);
    parallel(bodies.size(), i -> s.send("POST", "/api/v1/events", bodies.get(i), JSON));
  }

  /**
   * Pushes groups [from, to) in chunks until done or {@code budget} is spent (the Pushgateway
   * checks every push against all groups, so loading slows down as it grows).
   *
   * @return the number of groups pushed
   */
  static int loadPushgateway(Server s, int from, int to, long round, java.time.Duration budget)
      throws Exception {
    long deadline = System.nanoTime() + budget.toNanos();
    int done = from;
    while (done < to && System.nanoTime() < deadline) {
      int next = Math.min(to, done + 20);
      loadPushgateway(s, done, next, round);
      done = next;
    }
    return done - from;
  }

  /** Pushes groups [from, to), on 4 connections. */
  static void loadPushgateway(Server s, int from, int to, long round) throws Exception {
    double now = System.currentTimeMillis() / 1000.0;
    parallel(
        to - from,
        i ->
            s.send(
                "PUT",
                Workload.pushgatewayPath(from + i),
                Workload.pushgatewayText(from + i, round, now),
                TEXT));
  }

  static List<String> batches(int from, int to, long round, double now, int size) {
    List<String> bodies = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    int n = 0;
    for (int shop = from; shop < to; shop++) {
      for (String e : Workload.events(shop, round, now)) {
        b.append(n == 0 ? "[" : ",").append(e);
        if (++n == size) {
          bodies.add(b.append(']').toString());
          b.setLength(0);
          n = 0;
        }
      }
    }
    if (n > 0) {
      bodies.add(b.append(']').toString());
    }
    return bodies;
  }

  interface Call {
    HttpResponse<String> call(int i) throws Exception;
  }

  static void parallel(int count, Call call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<HttpResponse<String>>> futures = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(pool.submit(() -> call.call(index)));
      }
      for (Future<HttpResponse<String>> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Number of sample lines a scrape returns whose name starts with {@code prefix}. */
  static long countSeries(String exposition, String prefix) {
    return exposition.lines().filter(l -> l.startsWith(prefix)).count();
  }

  /** A single value read from a Prometheus text exposition, or NaN. */
  static double value(String exposition, String sampleStart) {
    return exposition
        .lines()
        .filter(l -> l.startsWith(sampleStart))
        .mapToDouble(Targets::sampleValue)
        .findFirst()
        .orElse(Double.NaN);
  }

  /** Sums the values of the samples whose line starts with {@code sampleStart}. */
  static double sum(String exposition, String sampleStart) {
    return exposition
        .lines()
        .filter(l -> l.startsWith(sampleStart))
        .mapToDouble(Targets::sampleValue)
        .sum();
  }

  private static double sampleValue(String line) {
    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
  }
}
