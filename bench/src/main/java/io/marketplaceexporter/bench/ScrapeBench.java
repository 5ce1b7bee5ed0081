package io.marketplaceexporter.bench;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Scrape time, size and allocation at 10k, 100k and 1M series, idle and while ingest runs at full
 * speed, each scrape as Prometheus 3.5 asks (gzip, and its Accept header for OpenMetrics and for
 * text 0.0.4); heap per series after a full GC.
 */
final class ScrapeBench {
  /** How long the Pushgateway may take to take the series before its part is reported n/a. */
  private static final Duration PUSHGATEWAY_LOAD_BUDGET = Duration.ofMinutes(3);

  private final Targets targets;
  private final BenchMain.Report report;
  private final List<Integer> seriesTargets;
  private final int scrapes;
  private final Duration run;

  ScrapeBench(
      Targets targets, BenchMain.Report report, List<Integer> series, int scrapes, Duration run) {
    this.targets = targets;
    this.report = report;
    this.seriesTargets = series;
    this.scrapes = scrapes;
    this.run = run;
  }

  /**
   * Timings of a set of scrapes, each as Prometheus asks (its {@code Accept} for {@code format} and
   * gzip): time until the whole (compressed) answer is in, the size on the wire and uncompressed,
   * and the content type the server chose.
   */
  record Scrapes(List<Double> millis, long bytes, long uncompressedBytes, String contentType) {
    double p50() {
      return Stats.percentile(millis, 50);
    }

    double p99() {
      return Stats.percentile(millis, 99);
    }
  }

  void run() throws Exception {
    for (int target : seriesTargets) {
      Map<String, Object> raw = new LinkedHashMap<>();
      report.raw("scrape." + target, raw);
      long exporterSeries;
      Map<ScrapeFormat, Scrapes> exporterIdle = new EnumMap<>(ScrapeFormat.class);
      Map<ScrapeFormat, Double> allocPerScrape = new EnumMap<>(ScrapeFormat.class);
      Map<ScrapeFormat, Scrapes> exporterBusy;
      Wrk.Result exporterLoad;
      double bytesPerSeries;
      try (Server e = targets.exporter("0s")) {
        double heap0 = heapAfterGc(e);
        int shops = loadSeries(e, target);
        exporterSeries = businessSeries(e);
        bytesPerSeries = (heapAfterGc(e) - heap0) / exporterSeries;
        for (ScrapeFormat f : ScrapeFormat.values()) {
          timed(e, f, 5);
          e.fullGc();
          double a0 = allocated(e);
          exporterIdle.put(f, timed(e, f, scrapes));
          e.fullGc();
          allocPerScrape.put(f, (allocated(e) - a0) / scrapes);
        }
        exporterBusy = underLoad(e, ingestRequests(shops), "POST", Targets.JSON, exporterIdle);
        exporterLoad = lastLoad;
        raw.put("exporter.series", exporterSeries);
        raw.put("exporter.idle", exporterIdle);
        raw.put("exporter.busy", exporterBusy);
        raw.put("exporter.busy_load", exporterLoad);
        raw.put("exporter.alloc_per_scrape", allocPerScrape);
        raw.put("exporter.heap_bytes_per_series", bytesPerSeries);
      }
      // Stay empty / NaN when the Pushgateway cannot take the series in time.
      Map<ScrapeFormat, Scrapes> pgwIdle = new EnumMap<>(ScrapeFormat.class);
      Map<ScrapeFormat, Scrapes> pgwBusy = new EnumMap<>(ScrapeFormat.class);
      Wrk.Result pgwLoad = null;
      long pgwSeries = -1;
      double pgwBytesPerSeries = Double.NaN;
      try (Server p = targets.pushgateway()) {
        double heap0 = goHeap(p);
        int groups = (int) Math.ceil((double) target / Workload.pushgatewaySamples());
        long t0 = System.nanoTime();
        int loaded = Targets.loadPushgateway(p, 0, groups, 1, PUSHGATEWAY_LOAD_BUDGET);
        if (loaded < groups) {
          double seconds = (System.nanoTime() - t0) / 1e9;
          raw.put("pushgateway.loaded_groups", loaded);
          report.row(
              "scrape",
              Stats.fmt(target) + " series: pushgateway",
              "",
              "could not be loaded: "
                  + loaded
                  + " of "
                  + groups
                  + " groups in "
                  + Stats.fmt(seconds)
                  + " s",
              "");
        } else {
          pgwSeries = Targets.countSeries(p.get("/metrics").body(), "marketplace_");
          pgwBytesPerSeries = (goHeap(p) - heap0) / pgwSeries;
          for (ScrapeFormat f : ScrapeFormat.values()) {
            timed(p, f, 3);
            pgwIdle.put(f, timed(p, f, scrapes));
          }
          List<Wrk.Request> load = new ArrayList<>();
          double now = System.currentTimeMillis() / 1000.0;
          for (int i = 0; i < groups; i++) {
            load.add(
                new Wrk.Request(Workload.pushgatewayPath(i), Workload.pushgatewayText(i, 2, now)));
          }
          pgwBusy = underLoad(p, Wrk.writeRequests(load), "PUT", Targets.TEXT, pgwIdle);
          pgwLoad = lastLoad;
          raw.put("pushgateway.series", pgwSeries);
          raw.put("pushgateway.idle", pgwIdle);
          raw.put("pushgateway.busy", pgwBusy);
          raw.put("pushgateway.heap_bytes_per_series", pgwBytesPerSeries);
        }
      }
      String size = Stats.fmt(target);
      report.row(
          "scrape",
          size + " series: series exposed",
          Long.toString(exporterSeries),
          pgwSeries < 0 ? "n/a" : Long.toString(pgwSeries),
          "");
      for (ScrapeFormat f : ScrapeFormat.values()) {
        String as = ", Prometheus' " + f.label + " Accept, gzip";
        Scrapes ei = exporterIdle.get(f);
        Scrapes pi = pgwIdle.get(f);
        report.row(
            "scrape",
            size + " series" + as + ": content type answered",
            ei.contentType(),
            pi == null ? "n/a" : pi.contentType(),
            "");
        report.row(
            "scrape",
            size + " series" + as + ", idle: p50 / p99",
            percentiles(ei),
            percentiles(pi),
            ratio(ei, pi));
        report.row(
            "scrape",
            size + " series" + as + ", ingest at full speed: p50 / p99",
            percentiles(exporterBusy.get(f)),
            percentiles(pgwBusy.get(f)),
            ratio(exporterBusy.get(f), pgwBusy.get(f)));
        report.row(
            "scrape",
            size + " series" + as + ": bytes per scrape gzip / uncompressed",
            bytes(ei),
            bytes(pi),
            "");
        report.row(
            "scrape",
            size + " series" + as + ": allocation per scrape",
            Stats.fmt(allocPerScrape.get(f)) + " B",
            "",
            "");
      }
      report.row(
          "scrape",
          size + " series: ingest while scraping, events/s (pushgateway: pushes/s)",
          Stats.fmt(exporterLoad.perSecond() * INGEST_BATCH),
          pgwLoad == null ? "n/a" : Stats.fmt(pgwLoad.perSecond()),
          "");
      report.row(
          "memory",
          size + " series: heap per series after full GC (pgw: Go heap in use)",
          Stats.fmt(bytesPerSeries) + " B",
          Double.isNaN(pgwBytesPerSeries) ? "n/a" : Stats.fmt(pgwBytesPerSeries) + " B",
          "");
    }
  }

  /**
   * Loads the exporter with about {@code target} business series (whole shops, one round each).
   *
   * @return the number of shops loaded
   */
  static int loadSeries(Server e, int target) throws Exception {
    // Series per shop from the difference of two loads, so that the per-marketplace
    // latency histograms (not per shop) do not count.
    Targets.loadExporter(e, 0, 20, 1);
    long twenty = businessSeries(e);
    Targets.loadExporter(e, 20, 40, 1);
    int samplesPerShop = (int) Math.ceil((businessSeries(e) - twenty) / 20.0);
    int shops = (int) Math.ceil((double) target / samplesPerShop);
    Targets.loadExporter(e, 40, shops, 1);
    return shops;
  }

  /** Events per request of {@link #ingestRequests}: wrk's requests/s times this is events/s. */
  static final int INGEST_BATCH = 500;

  /**
   * A second round of events for shops [0, shops) in batches of {@link #INGEST_BATCH}: ingest at
   * full speed.
   */
  static Path ingestRequests(int shops) throws Exception {
    List<Wrk.Request> load = new ArrayList<>();
    double now = System.currentTimeMillis() / 1000.0;
    for (String body : Targets.batches(0, shops, 2, now, INGEST_BATCH)) {
      load.add(new Wrk.Request("/api/v1/events", body));
    }
    return Wrk.writeRequests(load);
  }

  private static String bytes(Scrapes s) {
    return s == null
        ? "n/a"
        : String.format(Locale.ROOT, "%,d / %,d", s.bytes(), s.uncompressedBytes());
  }

  private static String percentiles(Scrapes s) {
    return s == null ? "n/a" : ms(s.p50()) + " / " + ms(s.p99());
  }

  private static String ratio(Scrapes exporter, Scrapes pushgateway) {
    return pushgateway == null ? "" : Stats.fmt(exporter.p99() / pushgateway.p99()) + "× (p99)";
  }

  /**
   * Samples of the contract's business families (not the exporter's own, JVM or process), once the
   * exposition holds everything loaded: the exporter renders its business families ahead, a change
   * is exposed within a render pass (about a second), so right after a bulk load a scrape can still
   * miss shops. Counts until two counts {@link #SETTLE} apart agree.
   */
  static long businessSeries(Server e) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    long last = countBusinessSeries(e);
    while (System.nanoTime() < deadline) {
      Thread.sleep(SETTLE.toMillis()); // the renderer's pace, not a guess at completion
      long now = countBusinessSeries(e);
      if (now == last) {
        return now;
      }
      last = now;
    }
    return last;
  }

  /** Longer than the exporter's render period (1 s) plus a pass at a million series. */
  private static final Duration SETTLE = Duration.ofMillis(2500);

  private static long countBusinessSeries(Server e) throws Exception {
    String text = e.get("/metrics").body();
    return text.lines()
        .filter(l -> l.startsWith("marketplace_") && !l.startsWith("marketplace_exporter_"))
        .count();
  }

  static Scrapes timed(Server s, ScrapeFormat format, int n) throws Exception {
    List<Double> millis = new ArrayList<>();
    HttpResponse<byte[]> last = null;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      last =
          Server.HTTP.send(
              HttpRequest.newBuilder(URI.create(s.url("/metrics")))
                  .timeout(Duration.ofMinutes(2))
                  .header("Accept", format.accept)
                  .header("Accept-Encoding", ScrapeFormat.ACCEPT_ENCODING)
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      millis.add((System.nanoTime() - t0) / 1e6);
      if (last.statusCode() != 200) {
        throw new IllegalStateException(s.name + " /metrics answered " + last.statusCode());
      }
    }
    if (last == null) {
      return new Scrapes(millis, 0, 0, "");
    }
    byte[] body = last.body();
    boolean gzip = last.headers().firstValue("Content-Encoding").orElse("").equals("gzip");
    long uncompressed = body.length;
    if (gzip) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
        uncompressed = in.transferTo(OutputStream.nullOutputStream());
      }
    }
    return new Scrapes(
        millis, body.length, uncompressed, last.headers().firstValue("Content-Type").orElse(""));
  }

  /** The load generator's result of the last {@link #underLoad} run. */
  private volatile Wrk.Result lastLoad;

  /** Scrapes in each format while wrk drives ingest; wrk runs long enough to cover them all. */
  private Map<ScrapeFormat, Scrapes> underLoad(
      Server s, Path requests, String method, String type, Map<ScrapeFormat, Scrapes> idle)
      throws Exception {
    double expected = 5;
    for (Scrapes i : idle.values()) {
      expected += i.p99() * scrapes / 1000 * 3;
    }
    Duration load = Duration.ofSeconds((long) Math.max(run.toSeconds(), expected) + 3);
    Thread wrk =
        new Thread(
            () -> {
              try {
                lastLoad = Wrk.run(s, requests, method, type, 4, load);
              } catch (Exception ex) {
                throw new IllegalStateException(ex);
              }
            });
    wrk.start();
    Thread.sleep(2000);
    Map<ScrapeFormat, Scrapes> busy = new EnumMap<>(ScrapeFormat.class);
    for (ScrapeFormat f : ScrapeFormat.values()) {
      busy.put(f, timed(s, f, scrapes));
    }
    wrk.join();
    return busy;
  }

  static double heapAfterGc(Server e) throws Exception {
    e.fullGc();
    String text = e.get("/metrics?name[]=jvm_memory_used_bytes").body();
    return Targets.value(text, "jvm_memory_used_bytes{area=\"heap\"}");
  }

  private static double allocated(Server e) throws Exception {
    String text = e.get("/metrics?name[]=jvm_memory_pool_allocated_bytes_total").body();
    return Targets.sum(text, "jvm_memory_pool_allocated_bytes_total{");
  }

  private static double goHeap(Server p) throws Exception {
    return Targets.value(p.get("/metrics").body(), "go_memstats_heap_inuse_bytes ");
  }

  private static String ms(double v) {
    return Stats.fmt(v) + " ms";
  }
}
