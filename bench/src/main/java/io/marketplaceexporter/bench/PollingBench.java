package io.marketplaceexporter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The exporter polls many sandbox shops: the sandbox runs as its own process with generated shops
 * spread over Amazon, Shopee, TikTok Shop and Lazada; the exporter gets one source per shop. After
 * a warm-up round, the poll engine's own metrics over the measured rounds say how many polls ran,
 * how late they started ({@code marketplace_exporter_poll_delay_seconds}) and how long they took;
 * {@code /proc} gives each process's CPU. Meanwhile the bench scrapes {@code /metrics} every {@code
 * scrapeEvery} as Prometheus 3.5 asks (OpenMetrics, gzip), as a deployed exporter is scraped: the
 * exporter's CPU includes serving those scrapes.
 */
final class PollingBench {
  /** Polls that start within this long of their schedule count as on time. */
  static final double ON_TIME_SECONDS = 1;

  /**
   * The warm-up, in poll intervals, before the measured rounds: what is measured is the exporter
   * running, not its start-up. The JIT still compiles through the third interval: at 10,000 shops
   * and 300 ms its threads took 62% of a core in the first 10 s, 2.6% at 60 s and 0.4–4.9% until
   * 130 s (per-thread CPU from {@code /proc}, a part run of 2026-12-01); the compilation log of a
   * part run of 2026-12-02 (-XX:+LogCompilation) gave 1.1 s of compiling in 120–150 s, 0.4 s in
   * 150–180 s, then 0.1–0.2 s every 30 s. With two intervals the measured rounds carried about 1.5
   * CPU s of start-up compiling, 0.6% of a core over the window.
   */
  static final int WARM_UP_INTERVALS = 3;

  private final Targets targets;
  private final BenchMain.Report report;
  private final int shops;
  private final Duration interval;
  private final Duration length;
  private final Integer maxInFlight;
  private final String latency;
  private final Duration scrapeEvery;

  PollingBench(
      Targets targets,
      BenchMain.Report report,
      int shops,
      Duration interval,
      Duration length,
      Integer maxInFlight,
      String latency,
      Duration scrapeEvery) {
    this.targets = targets;
    this.report = report;
    this.shops = shops;
    this.interval = interval;
    this.length = length;
    this.maxInFlight = maxInFlight;
    this.latency = latency;
    this.scrapeEvery = scrapeEvery;
  }

  /**
   * Scrapes the exporter every {@code every} (none when zero) on a thread of its own, as Prometheus
   * asks: OpenMetrics first, gzip. Keeps each scrape's milliseconds and the last answer's size.
   */
  private static final class Scraper implements AutoCloseable {
    private final ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "bench-scraper");
              t.setDaemon(true);
              return t;
            });
    private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
    private volatile long bytes;
    private volatile String failure;

    Scraper(Server exporter, Duration every) {
      if (!every.isZero()) {
        timer.scheduleAtFixedRate(
            () -> {
              try {
                ScrapeBench.Scrapes s = ScrapeBench.timed(exporter, ScrapeFormat.OPENMETRICS, 1);
                millis.addAll(s.millis());
                bytes = s.bytes();
              } catch (Exception | Error e) {
                failure = e.toString();
              }
            },
            every.toMillis(),
            every.toMillis(),
            TimeUnit.MILLISECONDS);
      }
    }

    int count() {
      return millis.size();
    }

    List<Double> between(int from, int to) {
      synchronized (millis) {
        return new ArrayList<>(millis.subList(from, to));
      }
    }

    @Override
    public void close() {
      timer.shutdownNow();
    }
  }

  /**
   * What the progress lines print during the measured window, from the few lines of the all-sources
   * families only: a full {@link Reading} renders the per-source ones.
   */
  record Progress(
      double seconds,
      double exporterCpu,
      double started,
      double concurrencyLimit,
      double inFlight) {
    static Progress take(Server exporter) throws Exception {
      String text =
          exporter
              .get(
                  "/metrics?name[]=marketplace_exporter_poll_delay_seconds"
                      + "&name[]=marketplace_exporter_poll_concurrency_limit"
                      + "&name[]=marketplace_exporter_polls_in_flight")
              .body();
      return new Progress(
          System.nanoTime() / 1e9,
          exporter.cpuSeconds(),
          Targets.sum(text, "marketplace_exporter_poll_delay_seconds_count "),
          Targets.sum(text, "marketplace_exporter_poll_concurrency_limit "),
          Targets.sum(text, "marketplace_exporter_polls_in_flight "));
    }
  }

  /** The poll engine's counters at one moment, summed over sources. */
  record Reading(
      double seconds,
      double exporterCpu,
      double sandboxCpu,
      double polls,
      double pollSeconds,
      double errors,
      TreeMap<Double, Double> durationBuckets,
      TreeMap<Double, Double> delayBuckets,
      double delaySum,
      double concurrencyLimit,
      double inFlight) {

    /**
     * Reads the counters, and the CPU times before them ({@code cpuAfter} false: the end of a
     * window) or after them (true: its start), so that rendering the per-source families for this
     * reading (over 200,000 lines at 10,000 shops) is not counted as the exporter's polling work.
     */
    static Reading take(Server exporter, Server sandbox, boolean cpuAfter) throws Exception {
      double now = System.nanoTime() / 1e9;
      double cpu = exporter.cpuSeconds();
      double sandboxCpu = sandbox.cpuSeconds();
      String text =
          exporter
              .get(
                  "/metrics?name[]=marketplace_exporter_poll_duration_seconds"
                      + "&name[]=marketplace_exporter_poll_delay_seconds"
                      + "&name[]=marketplace_exporter_poll_errors_total"
                      + "&name[]=marketplace_exporter_poll_concurrency_limit"
                      + "&name[]=marketplace_exporter_polls_in_flight")
              .body();
      if (cpuAfter) {
        now = System.nanoTime() / 1e9;
        cpu = exporter.cpuSeconds();
        sandboxCpu = sandbox.cpuSeconds();
      }
      return new Reading(
          now,
          cpu,
          sandboxCpu,
          Targets.sum(text, "marketplace_exporter_poll_duration_seconds_count{"),
          Targets.sum(text, "marketplace_exporter_poll_duration_seconds_sum{"),
          Targets.sum(text, "marketplace_exporter_poll_errors_total{"),
          buckets(text, "marketplace_exporter_poll_duration_seconds_bucket{"),
          buckets(text, "marketplace_exporter_poll_delay_seconds_bucket{"),
          Targets.sum(text, "marketplace_exporter_poll_delay_seconds_sum "),
          Targets.sum(text, "marketplace_exporter_poll_concurrency_limit "),
          Targets.sum(text, "marketplace_exporter_polls_in_flight "));
    }
  }

  void run() throws Exception {
    Map<String, Object> raw = new LinkedHashMap<>();
    report.raw("polling " + shops, raw);
    int sandboxPort = Server.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> sandboxCommand =
        List.of(
            java,
            "-Xmx1g",
            "-XX:+UseG1GC",
            "-cp",
            targets.exporterJar().toString(),
            "io.marketplaceexporter.sandbox.SandboxMain",
            "--listen=127.0.0.1:" + sandboxPort,
            "--shops=" + shops,
            "--interval=" + interval.toSeconds() + "s");
    String sources = printConfig(sandboxCommand);
    String polling = maxInFlight == null ? "" : "polling:\n  max_in_flight: " + maxInFlight + "\n";
    try (Server sandbox = Server.start("sandbox", sandboxPort, sandboxCommand, "/_faults")) {
      if (!latency.equals("0") && !latency.equals("0ms")) {
        // The sandbox's "slow" fault on every shop: each marketplace call answers this late.
        sandbox.send(
            "POST",
            "/_faults",
            "{\"kind\":\"slow\",\"delay\":\"" + latency + "\",\"duration\":\"1d\"}",
            Targets.JSON);
      }
      raw.put("marketplace_latency", latency);
      raw.put("warm_up_seconds", WARM_UP_INTERVALS * interval.toSeconds());
      raw.put("max_in_flight", maxInFlight == null ? "default" : maxInFlight);
      long t0 = System.nanoTime();
      try (Server e = targets.exporter("7d", polling + sources);
          Scraper scraper = new Scraper(e, scrapeEvery)) {
        double startSeconds = (System.nanoTime() - t0) / 1e9;
        double startCpu = e.cpuSeconds();
        raw.put("exporter.start_seconds", startSeconds);
        raw.put("exporter.start_cpu_seconds", startCpu);
        System.out.printf(
            "polling: %d sources, exporter ready after %.1f s (%.1f CPU s); warming up for %d s%n",
            shops, startSeconds, startCpu, WARM_UP_INTERVALS * interval.toSeconds());
        long warmedUp = System.nanoTime() + WARM_UP_INTERVALS * interval.toNanos();
        double firstRound = firstRound(e, t0);
        Thread.sleep(Math.max(0, (warmedUp - System.nanoTime()) / 1_000_000));
        Reading a = Reading.take(e, sandbox, true);
        int scrapesBefore = scraper.count();
        double startedBefore = Progress.take(e).started();
        long measured =
            Math.max(
                interval.toMillis(), length.toMillis() - WARM_UP_INTERVALS * interval.toMillis());
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(measured);
        while (System.nanoTime() < end) {
          Thread.sleep(Math.min(30_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
          Progress p = Progress.take(e);
          System.out.printf(
              "polling: %.0f s measured, %.0f polls started, exporter %.0f%% CPU,"
                  + " %.0f places (%.0f held)%n",
              p.seconds() - a.seconds(),
              p.started() - startedBefore,
              100 * (p.exporterCpu() - a.exporterCpu()) / (p.seconds() - a.seconds()),
              p.concurrencyLimit(),
              p.inFlight());
        }
        Reading b = Reading.take(e, sandbox, false);
        List<Double> scrapes = scraper.between(scrapesBefore, scraper.count());
        if (scraper.failure != null) {
          throw new IllegalStateException("a scrape failed: " + scraper.failure);
        }
        raw.put("scrape_every_seconds", scrapeEvery.toSeconds());
        raw.put("scrape_millis", scrapes);
        raw.put("scrape_gzip_bytes", scraper.bytes);
        int exporterThreads = e.threads();
        int sandboxThreads = sandbox.threads();
        double heap = ScrapeBench.heapAfterGc(e);
        report(raw, a, b, exporterThreads, sandboxThreads, heap, startSeconds, firstRound);
        if (!scrapes.isEmpty()) {
          report.row(
              "polling",
              Stats.fmt(shops)
                  + " sources: scraped every "
                  + scrapeEvery.toSeconds()
                  + " s as Prometheus asks (OpenMetrics, gzip): p50 / max in the window, bytes",
              ms(Stats.percentile(scrapes, 50))
                  + " / "
                  + ms(Stats.percentile(scrapes, 100))
                  + " ("
                  + scrapes.size()
                  + "), "
                  + String.format(Locale.ROOT, "%,d", scraper.bytes)
                  + " B",
              "",
              "");
        }
      }
    }
  }

  /**
   * Waits from the exporter's start until the first round is over: as many polls started as there
   * are sources and none waiting for a place (fewer in flight than the places). The first round
   * refreshes every shop's token too (two calls a shop, on a JIT still warming up), and at 50,000
   * shops it took 73–85 s. The warm-up lasts until then if that is longer than its intervals, so
   * that polls it queued are not counted as late in the measured window. Returns the seconds from
   * the exporter's start until then, which the table reports. Reads only the all-sources families
   * ({@link Progress}), every 2 s, so the check itself costs the exporter little.
   */
  private double firstRound(Server e, long t0) throws Exception {
    long deadline =
        System.nanoTime() + WARM_UP_INTERVALS * interval.toNanos() + TimeUnit.MINUTES.toNanos(5);
    while (true) {
      Progress p = Progress.take(e);
      if (p.started() >= shops && p.inFlight() < p.concurrencyLimit()) {
        return (System.nanoTime() - t0) / 1e9;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the first round of polls did not end within 5 minutes of the warm-up");
      }
      Thread.sleep(2000);
    }
  }

  private void report(
      Map<String, Object> raw,
      Reading a,
      Reading b,
      int exporterThreads,
      int sandboxThreads,
      double heap,
      double startSeconds,
      double firstRoundSeconds) {
    double window = b.seconds() - a.seconds();
    double polls = b.polls() - a.polls();
    double expected = shops * window / interval.toSeconds();
    TreeMap<Double, Double> delay = diff(b.delayBuckets(), a.delayBuckets());
    TreeMap<Double, Double> duration = diff(b.durationBuckets(), a.durationBuckets());
    double started = delay.isEmpty() ? 0 : delay.lastEntry().getValue();
    double onTime = started == 0 ? Double.NaN : delay.getOrDefault(ON_TIME_SECONDS, 0.0) / started;
    double cpu = b.exporterCpu() - a.exporterCpu();
    double sandboxCpu = b.sandboxCpu() - a.sandboxCpu();
    raw.put("sources", shops);
    raw.put("interval_seconds", interval.toSeconds());
    raw.put("measured_seconds", window);
    raw.put("polls", polls);
    raw.put("polls_expected", expected);
    raw.put("poll_errors", b.errors() - a.errors());
    raw.put("polls_started", started);
    raw.put("delay_buckets", delay);
    raw.put("delay_mean_seconds", (b.delaySum() - a.delaySum()) / started);
    raw.put("duration_buckets", duration);
    raw.put("duration_mean_seconds", (b.pollSeconds() - a.pollSeconds()) / polls);
    raw.put("exporter.cpu_seconds", cpu);
    raw.put("sandbox.cpu_seconds", sandboxCpu);
    raw.put("exporter.first_round_seconds", firstRoundSeconds);
    raw.put("exporter.threads", exporterThreads);
    raw.put("sandbox.threads", sandboxThreads);
    raw.put("exporter.heap_after_gc_bytes", heap);
    raw.put("poll_concurrency_limit_at_end", b.concurrencyLimit());
    String none = "";
    String size = Stats.fmt(shops) + " sources: ";
    String what =
        Stats.fmt(shops)
            + " sources, every "
            + interval.toSeconds()
            + " s, "
            + (latency.equals("0") || latency.equals("0ms") ? "" : latency + " API latency, ")
            + "max_in_flight "
            + (maxInFlight == null ? "default (auto)" : maxInFlight);
    report.row(
        "polling",
        what + ": exporter start until ready",
        Stats.fmt(startSeconds) + " s",
        none,
        none);
    report.row(
        "polling",
        what + ": first round over (every source polled, none waiting), from start",
        Stats.fmt(firstRoundSeconds) + " s",
        none,
        none);
    report.row(
        "polling",
        what + ": polls done / expected in " + Stats.fmt(window) + " s",
        String.format(java.util.Locale.ROOT, "%,.0f / %,.0f", polls, expected)
            + " ("
            + pct(polls / expected)
            + ")",
        none,
        none);
    report.row(
        "polling",
        size + "failed polls",
        String.format(java.util.Locale.ROOT, "%,.0f", b.errors() - a.errors()),
        none,
        none);
    report.row(
        "polling",
        size + "polls started within " + Stats.fmt(ON_TIME_SECONDS) + " s of schedule",
        pct(onTime),
        none,
        none);
    report.row(
        "polling",
        size + "start delay mean / p50 / p99 (bucket bounds) / max bucket",
        ms((b.delaySum() - a.delaySum()) / started * 1000)
            + " / "
            + upTo(bound(delay, 0.5))
            + " / "
            + upTo(bound(delay, 0.99))
            + " / "
            + upTo(bound(delay, 1)),
        none,
        none);
    report.row(
        "polling",
        size + "poll duration mean / p50 / p99 (buckets from 0.1 s)",
        ms((b.pollSeconds() - a.pollSeconds()) / polls * 1000)
            + " / "
            + upTo(bound(duration, 0.5))
            + " / "
            + upTo(bound(duration, 0.99)),
        none,
        none);
    report.row(
        "polling",
        size
            + "exporter CPU s per 1,000 polls / % of one core"
            + (scrapeEvery.isZero() ? "" : " (serving the scrapes included)"),
        Stats.fmt(cpu / polls * 1000) + " s / " + pct(cpu / window),
        none,
        none);
    report.row(
        "polling",
        size + "poll concurrency limit at the end (places the scheduler found needed)",
        Stats.fmt(b.concurrencyLimit()),
        none,
        none);
    report.row(
        "polling",
        size + "sandbox (the fake marketplaces) CPU % of one core",
        pct(sandboxCpu / window),
        none,
        none);
    report.row(
        "polling",
        size + "exporter heap after full GC / threads (sandbox threads)",
        Stats.fmt(heap / 1e6) + " MB / " + exporterThreads + " (" + sandboxThreads + ")",
        none,
        none);
  }

  /** The sandbox's {@code --print-config} output: the exporter's {@code sources:} section. */
  private static String printConfig(List<String> sandboxCommand) throws Exception {
    List<String> command = new ArrayList<>(sandboxCommand);
    command.add("--print-config");
    Path out = Scratch.file("sources", ".yml");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).start();
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("sandbox --print-config failed: " + command);
    }
    return Files.readString(out);
  }

  /** Cumulative bucket counts by upper bound, summed over label sets. */
  static TreeMap<Double, Double> buckets(String text, String prefix) {
    TreeMap<Double, Double> out = new TreeMap<>();
    for (String l : text.lines().filter(l -> l.startsWith(prefix)).toList()) {
      int i = l.indexOf("le=\"") + 4;
      String le = l.substring(i, l.indexOf('"', i));
      double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
      out.merge(bound, Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)), Double::sum);
    }
    return out;
  }

  private static TreeMap<Double, Double> diff(
      TreeMap<Double, Double> b, TreeMap<Double, Double> a) {
    TreeMap<Double, Double> out = new TreeMap<>();
    b.forEach((k, v) -> out.put(k, v - a.getOrDefault(k, 0.0)));
    return out;
  }

  /** The upper bound of the bucket holding the {@code q} quantile. */
  static double bound(TreeMap<Double, Double> cumulative, double q) {
    if (cumulative.isEmpty()) {
      return Double.NaN;
    }
    double rank = q * cumulative.lastEntry().getValue();
    for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
      if (e.getValue() >= rank) {
        return e.getKey();
      }
    }
    return Double.NaN;
  }

  /** A bucket bound in seconds as "≤ 250 ms", or "> 60 s" for the +Inf bucket. */
  private static String upTo(double seconds) {
    return Double.isInfinite(seconds) ? "> 60 s" : "≤ " + ms(seconds * 1000);
  }

  private static String pct(double fraction) {
    return Stats.fmt(100 * fraction) + " %";
  }

  private static String ms(double v) {
    return Stats.fmt(v) + " ms";
  }
}
