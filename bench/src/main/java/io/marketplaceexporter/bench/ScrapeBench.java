package io.marketplaceexporter.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scrape time, size and allocation at 10k, 100k and 1M series, idle and while ingest runs at full
 * speed; heap per series after a full GC.
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

  /** Timings of a set of scrapes. */
  record Scrapes(List<Double> millis, long bytes) {
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
      int samplesPerShop;
      long exporterSeries;
      Scrapes exporterIdle;
      Scrapes exporterBusy;
      Wrk.Result exporterLoad;
      double allocPerScrape;
      double bytesPerSeries;
      try (Server e = targets.exporter("0s")) {
        double heap0 = heapAfterGc(e);
        // Series per shop from the difference of two loads, so that the per-marketplace
        // latency histograms (not per shop) do not count.
        Targets.loadExporter(e, 0, 20, 1);
        long twenty = businessSeries(e);
        Targets.loadExporter(e, 20, 40, 1);
        samplesPerShop = (int) Math.ceil((businessSeries(e) - twenty) / 20.0);
        int shops = (int) Math.ceil((double) target / samplesPerShop);
        Targets.loadExporter(e, 40, shops, 1);
        exporterSeries = businessSeries(e);
        bytesPerSeries = (heapAfterGc(e) - heap0) / exporterSeries;
        timed(e, 5);
        e.fullGc();
        double a0 = allocated(e);
        exporterIdle = timed(e, scrapes);
        e.fullGc();
        allocPerScrape = (allocated(e) - a0) / scrapes;
        List<Wrk.Request> load = new ArrayList<>();
        double now = System.currentTimeMillis() / 1000.0;
        for (String body : Targets.batches(0, shops, 2, now, 500)) {
          load.add(new Wrk.Request("/api/v1/events", body));
        }
        exporterBusy = underLoad(e, Wrk.writeRequests(load), "POST", Targets.JSON, 4, exporterIdle);
        exporterLoad = lastLoad;
        raw.put("exporter.series", exporterSeries);
        raw.put("exporter.idle", exporterIdle);
        raw.put("exporter.busy", exporterBusy);
        raw.put("exporter.busy_load", exporterLoad);
        raw.put("exporter.alloc_per_scrape", allocPerScrape);
        raw.put("exporter.heap_bytes_per_series", bytesPerSeries);
      }
      // Stay null / NaN when the Pushgateway cannot take the series in time.
      Scrapes pgwIdle = null;
      Scrapes pgwBusy = null;
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
          timed(p, 3);
          pgwIdle = timed(p, scrapes);
          List<Wrk.Request> load = new ArrayList<>();
          double now = System.currentTimeMillis() / 1000.0;
          for (int i = 0; i < groups; i++) {
            load.add(
                new Wrk.Request(Workload.pushgatewayPath(i), Workload.pushgatewayText(i, 2, now)));
          }
          pgwBusy = underLoad(p, Wrk.writeRequests(load), "PUT", Targets.TEXT, 4, pgwIdle);
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
      report.row(
          "scrape",
          size + " series, idle: p50 / p99",
          percentiles(exporterIdle),
          percentiles(pgwIdle),
          ratio(exporterIdle, pgwIdle));
      report.row(
          "scrape",
          size + " series, ingest at full speed: p50 / p99",
          percentiles(exporterBusy),
          percentiles(pgwBusy),
          ratio(exporterBusy, pgwBusy));
      report.row(
          "scrape",
          size + " series: ingest while scraping, events/s (pushgateway: pushes/s)",
          Stats.fmt(exporterLoad.perSecond() * 500),
          pgwLoad == null ? "n/a" : Stats.fmt(pgwLoad.perSecond()),
          "");
      report.row(
          "scrape",
          size + " series: bytes per scrape",
          Stats.fmt(exporterIdle.bytes()),
          pgwIdle == null ? "n/a" : Stats.fmt(pgwIdle.bytes()),
          "");
      report.row(
          "scrape",
          size + " series: allocation per scrape",
          Stats.fmt(allocPerScrape) + " B",
          "",
          "");
      report.row(
          "memory",
          size + " series: heap per series after full GC (pgw: Go heap in use)",
          Stats.fmt(bytesPerSeries) + " B",
          Double.isNaN(pgwBytesPerSeries) ? "n/a" : Stats.fmt(pgwBytesPerSeries) + " B",
          "");
    }
  }

  private static String percentiles(Scrapes s) {
    return s == null ? "n/a" : ms(s.p50()) + " / " + ms(s.p99());
  }

  private static String ratio(Scrapes exporter, Scrapes pushgateway) {
    return pushgateway == null ? "" : Stats.fmt(exporter.p99() / pushgateway.p99()) + "× (p99)";
  }

  /** Samples of the contract's business families (not the exporter's own, JVM or process). */
  static long businessSeries(Server e) throws Exception {
    String text = e.get("/metrics").body();
    return text.lines()
        .filter(l -> l.startsWith("marketplace_") && !l.startsWith("marketplace_exporter_"))
        .count();
  }

  static Scrapes timed(Server s, int n) throws Exception {
    List<Double> millis = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      HttpResponse<byte[]> r =
          Server.HTTP.send(
              HttpRequest.newBuilder(URI.create(s.url("/metrics")))
                  .timeout(Duration.ofMinutes(2))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      millis.add((System.nanoTime() - t0) / 1e6);
      bytes = r.body().length;
      if (r.statusCode() != 200) {
        throw new IllegalStateException(s.name + " /metrics answered " + r.statusCode());
      }
    }
    return new Scrapes(millis, bytes);
  }

  /** Scrapes while wrk drives ingest; wrk runs long enough to cover every scrape. */
  /** The load generator's result of the last {@link #underLoad} run. */
  private volatile Wrk.Result lastLoad;

  private Scrapes underLoad(
      Server s, Path requests, String method, String type, int connections, Scrapes idle)
      throws Exception {
    double expected = idle.p99() * scrapes / 1000 * 3 + 5;
    Duration load = Duration.ofSeconds((long) Math.max(run.toSeconds(), expected) + 3);
    Thread wrk =
        new Thread(
            () -> {
              try {
                lastLoad = Wrk.run(s, requests, method, type, connections, load);
              } catch (Exception ex) {
                throw new IllegalStateException(ex);
              }
            });
    wrk.start();
    Thread.sleep(2000);
    Scrapes busy = timed(s, scrapes);
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
