package io.marketplaceexporter.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Shops come and go for a while: a sliding window of active shops reports every 5 s; of the shops
 * that leave, half are retired through the API and half simply stop reporting (the exporter's shop
 * TTL, 1m here, removes them). Heap after full GC is sampled every 30 s. The Pushgateway gets the
 * same traffic; departed groups are deleted the same way, and the half that stops reporting stays,
 * as the Pushgateway has no expiry.
 */
final class ChurnBench {
  private static final int ACTIVE = 2000;

  /** Each tick (5 s) one group of 50 shops leaves: a shop reports for 40 ticks, 200 s. */
  private final Targets targets;

  private final BenchMain.Report report;
  private final Duration length;

  ChurnBench(Targets targets, BenchMain.Report report, Duration length) {
    this.targets = targets;
    this.report = report;
    this.length = length;
  }

  /** One sample of the run. */
  record Sample(double minute, double heapBytes, long series, double shops) {}

  void run() throws Exception {
    List<Sample> exporter = new ArrayList<>();
    List<Sample> pgw = new ArrayList<>();
    try (Server e = targets.exporter("1m");
        Server p = targets.pushgateway()) {
      long start = System.nanoTime();
      int from = 0;
      long tick = 0;
      int step = Workload.SHOPS_PER_GROUP; // one Pushgateway group leaves and one arrives per tick
      long nextSample = 0;
      while (System.nanoTime() - start < length.toNanos()) {
        long tickStart = System.nanoTime();
        Targets.loadExporter(e, from, from + ACTIVE, tick);
        int firstGroup = from / Workload.SHOPS_PER_GROUP;
        Targets.loadPushgateway(p, firstGroup, firstGroup + Workload.groups(ACTIVE), tick);
        if (firstGroup % 2 == 0) {
          p.send("DELETE", Workload.pushgatewayPath(firstGroup), "", Targets.TEXT);
        }
        for (int gone = from; gone < from + step; gone++) {
          if (gone % 2 == 0) {
            e.send(
                "DELETE",
                "/api/v1/shops/"
                    + Workload.marketplace(gone)
                    + "/"
                    + Workload.shop(gone)
                    + "?site=US",
                "",
                Targets.JSON);
          }
        }
        from += step;
        tick++;
        double minute = (System.nanoTime() - start) / 60e9;
        if (System.nanoTime() - start >= nextSample) {
          nextSample += Duration.ofSeconds(30).toNanos();
          String text = e.get("/metrics").body();
          exporter.add(
              new Sample(
                  minute,
                  ScrapeBench.heapAfterGc(e),
                  ScrapeBench.businessSeries(e),
                  Targets.value(text, "marketplace_exporter_shops_tracked ")));
          String ptext = p.get("/metrics").body();
          pgw.add(
              new Sample(
                  minute,
                  Targets.value(ptext, "go_memstats_heap_inuse_bytes "),
                  Targets.countSeries(ptext, "marketplace_"),
                  Double.NaN));
          System.out.printf(
              "churn %.1f min: exporter heap %.1f MB, %d series, %.0f shops; pushgateway heap %.1f MB, %d series%n",
              minute,
              exporter.get(exporter.size() - 1).heapBytes() / 1e6,
              exporter.get(exporter.size() - 1).series(),
              exporter.get(exporter.size() - 1).shops(),
              pgw.get(pgw.size() - 1).heapBytes() / 1e6,
              pgw.get(pgw.size() - 1).series());
        }
        long sleep = Duration.ofSeconds(5).toNanos() - (System.nanoTime() - tickStart);
        if (sleep > 0) {
          Thread.sleep(sleep / 1_000_000);
        }
      }
      String text = e.get("/metrics").body();
      Map<String, Object> raw = new LinkedHashMap<>();
      raw.put("exporter", exporter);
      raw.put("pushgateway", pgw);
      raw.put(
          "exporter.shops_removed.retired",
          Targets.value(text, "marketplace_exporter_shops_removed_total{reason=\"retired\"}"));
      raw.put(
          "exporter.shops_removed.expired",
          Targets.value(text, "marketplace_exporter_shops_removed_total{reason=\"expired\"}"));
      report.raw("churn", raw);
      report.row(
          "churn",
          "minutes of churn, " + ACTIVE + " active shops, each alive 200 s",
          Stats.fmt(length.toSeconds() / 60.0),
          Stats.fmt(length.toSeconds() / 60.0),
          "");
      report.row(
          "churn",
          "heap after GC: at 5 min → at the end (pgw: Go heap in use)",
          growth(exporter),
          growth(pgw),
          "");
      report.row(
          "churn", "series: at 5 min → at the end", seriesGrowth(exporter), seriesGrowth(pgw), "");
      report.row(
          "churn",
          "shops removed by retirement / by TTL",
          Stats.fmt((double) raw.get("exporter.shops_removed.retired"))
              + " / "
              + Stats.fmt((double) raw.get("exporter.shops_removed.expired")),
          "deleted by API / never (no expiry)",
          "");
    }
  }

  private static Sample at(List<Sample> samples, double minute) {
    Sample best = samples.get(0);
    for (Sample s : samples) {
      if (s.minute() <= minute) {
        best = s;
      }
    }
    return best;
  }

  private static String growth(List<Sample> s) {
    Sample a = at(s, 5);
    Sample b = s.get(s.size() - 1);
    return Stats.fmt(a.heapBytes() / 1e6) + " MB → " + Stats.fmt(b.heapBytes() / 1e6) + " MB";
  }

  private static String seriesGrowth(List<Sample> s) {
    return at(s, 5).series() + " → " + s.get(s.size() - 1).series();
  }
}
