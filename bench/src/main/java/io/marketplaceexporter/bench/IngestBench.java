package io.marketplaceexporter.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Ingest throughput: the exporter with batches of 500 events and with one event per request; the
 * Pushgateway with pushes of 50-shop groups carrying the same information.
 */
final class IngestBench {
  private final Targets targets;
  private final BenchMain.Report report;
  private final int shops;
  private final Duration run;
  private final int repeats;

  IngestBench(Targets targets, BenchMain.Report report, int shops, Duration run, int repeats) {
    this.targets = targets;
    this.report = report;
    this.shops = shops;
    this.run = run;
    this.repeats = repeats;
  }

  /** A measured load run: throughput, latency and CPU cost per unit. */
  record Run(
      double perSecond, double p50Ms, double p99Ms, double cpuSecondsPerMillion, long errors) {}

  void run() throws Exception {
    double now = System.currentTimeMillis() / 1000.0;
    List<Wrk.Request> batch = new ArrayList<>();
    for (String body : Targets.batches(0, shops, 1, now, 500)) {
      batch.add(new Wrk.Request("/api/v1/events", body));
    }
    List<Wrk.Request> single = new ArrayList<>();
    for (String body : Targets.batches(0, shops, 1, now, 1)) {
      single.add(new Wrk.Request("/api/v1/events", body.substring(1, body.length() - 1)));
    }
    List<Wrk.Request> pushes = new ArrayList<>();
    for (int g = 0; g < Workload.groups(shops); g++) {
      pushes.add(new Wrk.Request(Workload.pushgatewayPath(g), Workload.pushgatewayText(g, 1, now)));
    }
    Path batchFile = Wrk.writeRequests(batch);
    Path singleFile = Wrk.writeRequests(single);
    Path pushFile = Wrk.writeRequests(pushes);

    List<Run> batches = new ArrayList<>();
    List<Run> singles = new ArrayList<>();
    try (Server exporter = targets.exporter("0s")) {
      Wrk.run(exporter, batchFile, "POST", Targets.JSON, 4, run); // warm-up
      Wrk.run(exporter, singleFile, "POST", Targets.JSON, 32, run); // warm-up
      for (int r = 0; r < repeats; r++) {
        batches.add(measure(exporter, batchFile, "POST", Targets.JSON, 4, 500));
        singles.add(measure(exporter, singleFile, "POST", Targets.JSON, 32, 1));
      }
    }
    List<Run> pushRuns = new ArrayList<>();
    try (Server pgw = targets.pushgateway()) {
      Wrk.run(pgw, pushFile, "PUT", Targets.TEXT, 4, run); // warm-up
      for (int r = 0; r < repeats; r++) {
        pushRuns.add(measure(pgw, pushFile, "PUT", Targets.TEXT, 4, 1));
      }
    }
    report.raw("ingest.exporter.batch500", batches);
    report.raw("ingest.exporter.single", singles);
    report.raw("ingest.pushgateway.push", pushRuns);

    double events = Workload.EVENTS_PER_ROUND;
    double samples = Workload.pushgatewaySamples();
    Stats batchEvents = stats(batches, Run::perSecond);
    Stats singleReqs = stats(singles, Run::perSecond);
    Stats pushReqs = stats(pushRuns, Run::perSecond);
    // Shop-rounds per second: how many shops' worth of orders, syncs, API calls, tokens and
    // 20 prices each target takes in a second. That is the like-for-like comparison.
    double pgwRounds = pushReqs.median() * Workload.SHOPS_PER_GROUP;
    report.row(
        "ingest",
        "events/s, batches of 500 (pushgateway: samples/s)",
        batchEvents.format(""),
        Stats.fmt(pushReqs.median() * samples),
        "");
    report.row(
        "ingest",
        "shop-rounds/s, batches of 500 vs pushes of 50-shop groups",
        Stats.fmt(batchEvents.median() / events),
        Stats.fmt(pgwRounds),
        Stats.fmt(batchEvents.median() / events / pgwRounds) + "×");
    report.row(
        "ingest",
        "requests/s, one event per request vs pushes of 50-shop groups",
        singleReqs.format(""),
        pushReqs.format(""),
        Stats.fmt(singleReqs.median() / pushReqs.median()) + "×");
    report.row(
        "ingest",
        "shop-rounds/s, one event per request vs pushes of 50-shop groups",
        Stats.fmt(singleReqs.median() / events),
        Stats.fmt(pgwRounds),
        Stats.fmt(singleReqs.median() / events / pgwRounds) + "×");
    report.row(
        "ingest",
        "request latency p50 / p99, batches of 500 (pushgateway: pushes)",
        ms(stats(batches, Run::p50Ms)) + " / " + ms(stats(batches, Run::p99Ms)),
        ms(stats(pushRuns, Run::p50Ms)) + " / " + ms(stats(pushRuns, Run::p99Ms)),
        "");
    report.row(
        "ingest",
        "request latency p50 / p99, single events (pushgateway: pushes)",
        ms(stats(singles, Run::p50Ms)) + " / " + ms(stats(singles, Run::p99Ms)),
        ms(stats(pushRuns, Run::p50Ms)) + " / " + ms(stats(pushRuns, Run::p99Ms)),
        "");
    Stats batchCpu = stats(batches, Run::cpuSecondsPerMillion);
    Stats pushCpu = stats(pushRuns, Run::cpuSecondsPerMillion);
    report.row(
        "ingest",
        "CPU s per million events (pushgateway: per million samples)",
        batchCpu.format(" s")
            + " batched, "
            + stats(singles, Run::cpuSecondsPerMillion).format(" s")
            + " single",
        pushCpu.format(" s"),
        "");
    long errors =
        batches.stream().mapToLong(Run::errors).sum()
            + singles.stream().mapToLong(Run::errors).sum()
            + pushRuns.stream().mapToLong(Run::errors).sum();
    report.row("ingest", "failed requests (all runs)", Long.toString(errors), "", "");
  }

  private Run measure(
      Server s,
      Path requests,
      String method,
      String contentType,
      int connections,
      int unitsPerRequest)
      throws Exception {
    double cpu0 = s.cpuSeconds();
    Wrk.Result r = Wrk.run(s, requests, method, contentType, connections, run);
    double cpu1 = s.cpuSeconds();
    double units =
        s.name.equals("pushgateway")
            ? (double) r.requests() * Workload.pushgatewaySamples()
            : (double) r.requests() * unitsPerRequest;
    return new Run(
        r.perSecond() * unitsPerRequest,
        r.p50Ms(),
        r.p99Ms(),
        (cpu1 - cpu0) / units * 1e6,
        r.errors());
  }

  private static Stats stats(List<Run> runs, ToDoubleFunction<Run> f) {
    List<Double> v = new ArrayList<>();
    for (Run r : runs) {
      v.add(f.applyAsDouble(r));
    }
    return Stats.of(v);
  }

  private static String ms(Stats s) {
    return Stats.fmt(s.median()) + " ms";
  }
}
