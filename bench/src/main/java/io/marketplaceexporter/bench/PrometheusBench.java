package io.marketplaceexporter.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real Prometheus scrapes three targets holding the same series: the exporter, the Pushgateway
 * and nginx serving the exporter's own exposition bytes from a file (gzip precomputed: the floor of
 * serving them). Each target's {@code scrape_duration_seconds} over a window, idle and while wrk
 * drives ingest at the exporter, for OpenMetrics (Prometheus' default) and text 0.0.4, read back
 * through the query API. See bench/README.md.
 */
final class PrometheusBench {
  /** The scrape interval (and timeout) up to {@link #LONG_INTERVAL_ABOVE} series. */
  static final Duration INTERVAL = Duration.ofSeconds(5);

  /**
   * The interval above it: a million samples take Prometheus 1–3 s to parse on the benchmark's two
   * cores, and the exporter's and nginx's scrapes, half an interval apart ({@link ScrapesApart}),
   * must not overlap.
   */
  static final Duration LONG_INTERVAL = Duration.ofSeconds(10);

  /**
   * Above this the Pushgateway is not loaded: the scrape part shows it cannot take a million series
   * within its 3-minute budget (every push is checked against all it holds), and this part does not
   * spend minutes showing it again.
   */
  static final int PUSHGATEWAY_MAX_SERIES = 500_000;

  /**
   * Above this many series the scrape interval is {@link #LONG_INTERVAL}. The exporter and nginx
   * always share windows, each scraped by a Prometheus of its own ({@link PrometheusPerJob}), their
   * scrapes alternating ({@link ScrapesApart}); the Pushgateway gets a Prometheus and windows of
   * its own, as its scrapes take 0.5–1 s of both cores (its rendering and Prometheus' parsing) and
   * would land on whichever of the other two they happened to overlap.
   */
  static final int LONG_INTERVAL_ABOVE = 500_000;

  /**
   * Scrapes of each target by a fresh Prometheus before its windows begin. At a million series the
   * exporter's second and third scrapes by a new Prometheus took 2.3-2.4 s and 1.7-1.8 s against
   * 0.9-1.3 s for the later ones, in both formats and with or without the renderer's scrape rhythm,
   * while nginx's did not (an A/B of 18:04-18:18 on 2026-11-30; why is not known): the windows
   * measure a Prometheus that has been scraping its target for a while, as in a deployment. The
   * warm-up scrapes' durations are kept in the raw results.
   */
  static final int WARMUP_SCRAPES = 3;

  /**
   * The {@code offset_seed} of the Prometheus started first in round 0; round r uses this plus r
   * (the one started second tries 0, 1, … as {@link ScrapesApart} does), so that each round's pair
   * scrapes at other offsets.
   *
   * <p>Why rounds: a Prometheus scraping a million samples settles into one of a few rhythms of its
   * Go garbage collector, and which one is decided by its first scrapes. Traced with {@code
   * GODEBUG=gctrace=1} (2026-12-01 18:20–18:36, one Prometheus per target): nginx's collected at
   * the start of a scrape with 307 MB live, heap goal 544–574 MB; the exporter's, in OpenMetrics
   * from its second scrape on and in text once ingest began, collected in the middle of scrapes
   * with the new buffers still live, 544 MB marked, a goal of 1,019–1,140 MB, and 0.3–2.5 s of
   * concurrent marking inside the scrape. Its scrapes with no collection in them were slower too (a
   * p50 of 1.61 s against nginx's 1.29 s in OpenMetrics under ingest; why was not traced). One
   * start per window made a cell of 15 scrapes one draw of that. Several fresh pairs per window,
   * each target's scrapes pooled, give each target several draws; the ratio of each round is in the
   * table and the raw results.
   */
  static final int FIRST_SEED = 100;

  /**
   * How long wrk drives ingest once after loading, before any window: the first window under ingest
   * then meets an exporter whose ingest path is compiled and whose heap has grown to the load, as
   * in one that has been running, not one that has only ever been loaded.
   */
  static final Duration INGEST_WARM_UP = Duration.ofSeconds(30);

  /** The exporter counts as settled after loading at this share of a core over QUIET_OVER. */
  static final double QUIET_SHARE = 0.05;

  static final Duration QUIET_OVER = Duration.ofSeconds(3);
  static final Duration QUIET_WITHIN = Duration.ofMinutes(2);

  /** The jobs in table order. */
  private static final List<String> JOBS = List.of("exporter", "pushgateway", "nginx");

  private final Targets targets;
  private final BenchMain.Report report;
  private final List<Integer> seriesTargets;
  private final int scrapesPerWindow;
  private final int roundsPerWindow;
  private final String nginx;

  PrometheusBench(
      Targets targets,
      BenchMain.Report report,
      List<Integer> series,
      int scrapesPerWindow,
      int roundsPerWindow,
      String nginx) {
    this.targets = targets;
    this.report = report;
    this.seriesTargets = series;
    this.scrapesPerWindow = scrapesPerWindow;
    this.roundsPerWindow = roundsPerWindow;
    this.nginx = nginx;
  }

  /** One target's scrape durations in a window, and how many of its scrapes failed. */
  record Window(List<Double> seconds, int failed) {
    /** This window's scrapes and another's, as one. */
    Window plus(Window other) {
      return new Window(concat(seconds, other.seconds), failed + other.failed);
    }

    String cell() {
      if (seconds.isEmpty()) {
        return "no scrapes";
      }
      return ms(Stats.percentile(seconds, 50))
          + " / "
          + ms(Stats.percentile(seconds, 100))
          + " ("
          + seconds.size()
          + (failed > 0 ? ", " + failed + " failed" : "")
          + ")";
    }
  }

  void run() throws Exception {
    BenchMain.Table table =
        report.table(
            "Prometheus "
                + Prometheus.version()
                + " scraping every "
                + INTERVAL.toSeconds()
                + " s ("
                + LONG_INTERVAL.toSeconds()
                + " s above "
                + Stats.fmt(LONG_INTERVAL_ABOVE)
                + " series), the exporter and nginx each by a Prometheus of its own, their scrapes"
                + " alternating, a fresh pair for each of "
                + roundsPerWindow
                + " rounds a window: "
                + "scrape_duration_seconds p50 / max (scrapes in the window, "
                + scrapesPerWindow
                + " intervals in all, the scrapes of the rounds pooled); nginx "
                + Nginx.version(nginx)
                + " serves the exporter's bytes; "
                + targets.pushgatewayVersion(),
            List.of(
                "series",
                "format",
                "while",
                "exporter",
                "pushgateway",
                "nginx (same bytes)",
                "exporter ÷ nginx (p50)"));
    for (int target : seriesTargets) {
      runSize(target, table);
    }
  }

  private void runSize(int target, BenchMain.Table table) throws Exception {
    Map<String, Object> raw = new LinkedHashMap<>();
    report.raw("prometheus." + target, raw);
    String size = Stats.fmt(target);
    try (Server e = targets.exporter("0s")) {
      int shops = ScrapeBench.loadSeries(e, target);
      // The exposition holds every loaded shop before its bytes are copied for nginx.
      raw.put("exporter.series", ScrapeBench.businessSeries(e));
      Path ingest = ScrapeBench.ingestRequests(shops);
      raw.put(
          "exporter.ingest_warm_up",
          Wrk.run(e, ingest, "POST", Targets.JSON, 4, INGEST_WARM_UP).perSecond()
              * ScrapeBench.INGEST_BATCH);
      Map<ScrapeFormat, Nginx.Exposition> files = new EnumMap<>(ScrapeFormat.class);
      for (ScrapeFormat f : ScrapeFormat.values()) {
        files.put(f, exposition(e, f));
      }
      // Idle means idle: the exporter goes on for seconds after a load (its first state snapshot,
      // the renderer, the JIT). At a million series the first one or two idle scrapes are slow
      // even after this wait (2.2 s against 0.9 s later in one run): not the exporter's CPU.
      raw.put("exporter.settled_seconds", e.awaitQuiet(QUIET_SHARE, QUIET_OVER, QUIET_WITHIN));
      try (Server p = target <= PUSHGATEWAY_MAX_SERIES ? targets.pushgateway() : null;
          Nginx n = Nginx.start(nginx, files)) {
        String pgwNote = "not loaded: above " + Stats.fmt(PUSHGATEWAY_MAX_SERIES) + " series";
        boolean pgwLoaded = false;
        if (p != null) {
          int groups = (int) Math.ceil((double) target / Workload.pushgatewaySamples());
          int loaded = Targets.loadPushgateway(p, 0, groups, 1, Duration.ofMinutes(3));
          pgwLoaded = loaded == groups;
          pgwNote = "could not be loaded: " + loaded + " of " + groups + " groups in 3 min";
        }
        for (ScrapeFormat f : ScrapeFormat.values()) {
          Map<String, Object> rawFormat = new LinkedHashMap<>();
          raw.put(f.slug(), rawFormat);
          Integer pgwPort = pgwLoaded ? p.port : null;
          Map<String, List<Double>> warmUp = new LinkedHashMap<>();
          Map<String, Window> idle = new LinkedHashMap<>();
          Map<String, Window> busy = new LinkedHashMap<>();
          Map<String, Double> samples = new LinkedHashMap<>();
          Map<String, String> errors = new LinkedHashMap<>();
          List<Wrk.Result> loads = new ArrayList<>();
          List<List<String>> groups = groups(pgwLoaded);
          List<Double> settled = new ArrayList<>();
          List<Double> idleRatios = new ArrayList<>();
          List<Double> busyRatios = new ArrayList<>();
          rawFormat.put("exporter_settled_seconds", settled);
          Map<String, Object> apart = new LinkedHashMap<>();
          rawFormat.put("scrapes_apart", apart);
          for (List<String> group : groups) {
            int rounds = group.size() == 2 ? roundsPerWindow : 1;
            int perRound = (scrapesPerWindow + rounds - 1) / rounds;
            List<Map<String, Object>> roundsRaw = new ArrayList<>();
            apart.put(String.join("+", group), roundsRaw);
            for (int round = 0; round < rounds; round++) {
              // Each group's idle window, too, begins once the exporter is quiet: the round
              // before drove ingest into it at full speed, and it goes on for seconds after (the
              // renderer and the state snapshot catching up with a million changed series).
              settled.add(e.awaitQuiet(QUIET_SHARE, QUIET_OVER, QUIET_WITHIN));
              // Rounds alternate which target's Prometheus starts first, and give that one another
              // seed each time, so that the rounds meet other offsets and other starts.
              List<String> order = round % 2 == 0 ? group : List.of(group.get(1), group.get(0));
              Duration interval = interval(target);
              ScrapesApart.Started started =
                  ScrapesApart.start(
                      (seed, jobs) ->
                          config(f, interval, seed, jobs, e.port, pgwPort, n.server.port),
                      order,
                      interval,
                      FIRST_SEED + round);
              Map<String, Object> roundRaw = new LinkedHashMap<>(started.raw());
              roundRaw.put("started_first", order.get(0));
              roundsRaw.add(roundRaw);
              try (PrometheusPerJob prom = started.prometheus()) {
                Scrapes s = scrapes(prom, e, ingest, group.size(), interval, perRound);
                s.warmUp().forEach((job, d) -> warmUp.merge(job, d, PrometheusBench::concat));
                s.idle().forEach((job, w) -> idle.merge(job, w, Window::plus));
                s.busy().forEach((job, w) -> busy.merge(job, w, Window::plus));
                samples.putAll(s.samples());
                errors.putAll(s.errors());
                if (s.load() != null) {
                  loads.add(s.load());
                }
                roundRaw.put("idle", s.idle());
                roundRaw.put("busy", s.busy());
                if (group.size() == 2) {
                  idleRatios.add(ratio(s.idle()));
                  busyRatios.add(ratio(s.busy()));
                }
              }
            }
          }
          rawFormat.put("prometheus_groups", groups);
          rawFormat.put("warm_up_seconds", warmUp);
          rawFormat.put("idle", idle);
          rawFormat.put("busy", busy);
          rawFormat.put("busy_load", loads);
          rawFormat.put("scrape_samples_scraped", samples);
          rawFormat.put("last_errors", errors);
          row(table, size, f.label, "idle", cells(idle, idleRatios, pgwLoaded, pgwNote));
          // One wrk run per Prometheus (per group of targets), their mean given.
          String ingestRate =
              loads.isEmpty()
                  ? "n/a"
                  : Stats.fmt(
                          loads.stream().mapToDouble(Wrk.Result::perSecond).sum()
                              / loads.size()
                              * ScrapeBench.INGEST_BATCH)
                      + " events/s";
          row(
              table,
              size,
              f.label,
              "ingest at full speed (" + ingestRate + ")",
              cells(busy, busyRatios, pgwLoaded, pgwNote));
          row(table, size, f.label, "scrape_samples_scraped", sampleCells(samples, pgwLoaded));
          if (!errors.isEmpty()) {
            table.row(
                size,
                f.label,
                "last scrape error",
                errors.getOrDefault("exporter", ""),
                errors.getOrDefault("pushgateway", ""),
                errors.getOrDefault("nginx", ""),
                "");
          }
        }
      }
    }
  }

  /**
   * Which targets share windows, in the order run: the exporter and nginx (a Prometheus each), then
   * the Pushgateway alone when it is loaded.
   */
  static List<List<String>> groups(boolean pgwLoaded) {
    List<String> shared = List.of("exporter", "nginx");
    return pgwLoaded ? List.of(shared, List.of("pushgateway")) : List.of(shared);
  }

  /** The scrape interval (and timeout) at this many series. */
  static Duration interval(int series) {
    return series > LONG_INTERVAL_ABOVE ? LONG_INTERVAL : INTERVAL;
  }

  /**
   * What a group's Prometheus servers measured of its targets: idle, then while wrk drives ingest.
   */
  private record Scrapes(
      Map<String, List<Double>> warmUp,
      Map<String, Window> idle,
      Map<String, Window> busy,
      Map<String, Double> samples,
      Map<String, String> errors,
      Wrk.Result load) {}

  private Scrapes scrapes(
      PrometheusPerJob prom, Server e, Path ingest, int jobs, Duration interval, int scrapes)
      throws Exception {
    Map<String, List<Double>> warmUp = warmUp(prom, jobs);
    Duration window = interval.multipliedBy(scrapes);
    double idleEnd = nowSeconds() + window.toSeconds();
    Map<String, Window> idle = measure(prom, idleEnd, window, interval);
    // The largest count in the idle window: a failed scrape counts 0 samples.
    Map<String, Double> samples =
        prom.valueByJob(
            "max_over_time(scrape_samples_scraped[" + window.toSeconds() + "s])", idleEnd);
    Wrk.Result[] load = new Wrk.Result[1];
    Thread wrk =
        new Thread(
            () -> {
              try {
                load[0] = Wrk.run(e, ingest, "POST", Targets.JSON, 4, window.plusSeconds(8));
              } catch (Exception ex) {
                throw new IllegalStateException(ex);
              }
            });
    wrk.start();
    Thread.sleep(2000);
    Map<String, Window> busy = measure(prom, nowSeconds() + window.toSeconds(), window, interval);
    wrk.join();
    return new Scrapes(warmUp, idle, busy, samples, prom.lastErrors(), load[0]);
  }

  /** The exporter's exposition in {@code format}, uncompressed, and its content type. */
  private static Nginx.Exposition exposition(Server e, ScrapeFormat format) throws Exception {
    HttpResponse<byte[]> r =
        Server.HTTP.send(
            HttpRequest.newBuilder(URI.create(e.url("/metrics")))
                .timeout(Duration.ofMinutes(2))
                .header("Accept", format.accept)
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("exporter /metrics answered " + r.statusCode());
    }
    return new Nginx.Exposition(r.body(), r.headers().firstValue("Content-Type").orElseThrow());
  }

  /**
   * The scrape configuration: one job per target. Every sample is dropped after parsing ({@code
   * metric_relabel_configs}) so that Prometheus stores only its own {@code up} and {@code scrape_*}
   * series: the targets' side is unchanged ({@code scrape_samples_scraped} still counts all), and
   * Prometheus does not hold millions of series on the benchmark machine. {@code offsetSeed} is an
   * external label, which moves where in the interval each target is scraped ({@link ScrapesApart})
   * and nothing else.
   */
  static String config(
      ScrapeFormat format,
      Duration interval,
      int offsetSeed,
      List<String> jobs,
      int exporter,
      Integer pushgateway,
      int nginx) {
    StringBuilder b =
        new StringBuilder(
            """
            global:
              scrape_interval: %ds
              scrape_timeout: %ds
              external_labels: {offset_seed: "%d"}
            scrape_configs:
            """
                .formatted(interval.toSeconds(), interval.toSeconds(), offsetSeed));
    if (jobs.contains("exporter")) {
      job(b, "exporter", exporter, "/metrics", format);
    }
    if (pushgateway != null && jobs.contains("pushgateway")) {
      job(b, "pushgateway", pushgateway, "/metrics", format);
    }
    if (jobs.contains("nginx")) {
      job(b, "nginx", nginx, "/" + format.slug(), format);
    }
    return b.toString();
  }

  private static void job(
      StringBuilder b, String name, int port, String path, ScrapeFormat format) {
    b.append(
        """
          - job_name: %s
            honor_labels: true
            metrics_path: %s
            static_configs: [{targets: ['127.0.0.1:%d']}]
            metric_relabel_configs: [{source_labels: [__name__], regex: '.+', action: drop}]
        """
            .formatted(name, path, port));
    if (format.scrapeProtocol != null) {
      b.append("    scrape_protocols: [").append(format.scrapeProtocol).append("]\n");
    }
  }

  /**
   * Waits until every job has been scraped {@link #WARMUP_SCRAPES} times, and returns those
   * scrapes' durations per job (they are not measured, but kept in the raw results).
   */
  private static Map<String, List<Double>> warmUp(PrometheusPerJob prom, int jobs)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String range = "scrape_duration_seconds[10m]";
    while (true) {
      Map<String, List<Double>> seen = prom.samplesByJob(range, nowSeconds());
      if (seen.size() >= jobs && seen.values().stream().allMatch(v -> v.size() >= WARMUP_SCRAPES)) {
        return seen;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Prometheus did not scrape every target " + WARMUP_SCRAPES + " times in 2 minutes");
      }
      Thread.sleep(500);
    }
  }

  /**
   * Waits for the window ending at {@code end} (Unix seconds), and for the scrapes started in it to
   * finish (at most a scrape timeout), then reads each job's durations and failures in it.
   */
  private static Map<String, Window> measure(
      PrometheusPerJob prom, double end, Duration window, Duration interval) throws Exception {
    double ready = end + interval.toMillis() / 1000.0 + 0.5;
    while (nowSeconds() < ready) {
      Thread.sleep((long) Math.max(1, (ready - nowSeconds()) * 1000));
    }
    String range = "[" + window.toSeconds() + "s]";
    Map<String, List<Double>> durations = prom.samplesByJob("scrape_duration_seconds" + range, end);
    Map<String, List<Double>> up = prom.samplesByJob("up" + range, end);
    Map<String, Window> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> d : durations.entrySet()) {
      int failed =
          (int) up.getOrDefault(d.getKey(), List.of()).stream().filter(v -> v == 0).count();
      out.put(d.getKey(), new Window(d.getValue(), failed));
    }
    return out;
  }

  private static String[] cells(
      Map<String, Window> w, List<Double> roundRatios, boolean pgwLoaded, String pgwNote) {
    List<String> cells = new ArrayList<>();
    for (String job : JOBS) {
      if (job.equals("pushgateway") && !pgwLoaded) {
        cells.add(pgwNote);
      } else {
        cells.add(w.containsKey(job) ? w.get(job).cell() : "no scrapes");
      }
    }
    double all = ratio(w);
    String cell = Double.isNaN(all) ? "" : Stats.fmt(all) + "×";
    if (roundRatios.size() > 1) {
      List<String> each = new ArrayList<>();
      for (double r : roundRatios) {
        each.add(Double.isNaN(r) ? "n/a" : Stats.fmt(r) + "×");
      }
      cell += " (rounds: " + String.join(", ", each) + ")";
    }
    cells.add(cell);
    return cells.toArray(String[]::new);
  }

  /** The exporter's p50 over nginx's, or NaN when either has no scrapes. */
  static double ratio(Map<String, Window> w) {
    Window e = w.get("exporter");
    Window n = w.get("nginx");
    return e == null || n == null || e.seconds().isEmpty() || n.seconds().isEmpty()
        ? Double.NaN
        : Stats.percentile(e.seconds(), 50) / Stats.percentile(n.seconds(), 50);
  }

  private static List<Double> concat(List<Double> a, List<Double> b) {
    List<Double> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  private static String[] sampleCells(Map<String, Double> samples, boolean pgwLoaded) {
    List<String> cells = new ArrayList<>();
    for (String job : JOBS) {
      Double v = samples.get(job);
      cells.add(job.equals("pushgateway") && !pgwLoaded ? "" : v == null ? "n/a" : Stats.fmt(v));
    }
    Double e = samples.get("exporter");
    Double n = samples.get("nginx");
    cells.add(
        e == null || n == null
            ? ""
            : e.equals(n) ? "nginx = exporter" : "nginx differs by " + Stats.fmt(n - e));
    return cells.toArray(String[]::new);
  }

  private static void row(
      BenchMain.Table table, String size, String format, String what, String[] cells) {
    List<String> all = new ArrayList<>(List.of(size, format, what));
    all.addAll(List.of(cells));
    table.row(all.toArray(String[]::new));
  }

  private static double nowSeconds() {
    return System.currentTimeMillis() / 1000.0;
  }

  private static String ms(double seconds) {
    return Stats.fmt(seconds * 1000) + " ms";
  }
}
