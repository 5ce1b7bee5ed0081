package io.marketplaceexporter.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a Prometheus for each of two targets ({@link PrometheusPerJob}) such that the targets are
 * scraped about half an interval apart: their scrapes alternate and never overlap.
 *
 * <p>Prometheus starts each target's scrapes at a fixed offset into the interval: a hash of the
 * target, mixed with a seed made of the host's name and the configuration's {@code
 * external_labels}. Which offsets two targets get is therefore luck, and two scrapes that overlap
 * share the cores. Measured one after the other instead, in windows of their own, the two targets
 * see different minutes of a machine whose speed drifts: nginx serving the same file at a million
 * series measured a p50 of 1,099, 1,137, 1,199 and 1,265 ms in four one-minute windows within ten
 * minutes (2026-12-01, 05:03–05:13). Alternating scrapes within the same window see the same
 * minutes. So this starts the first target's Prometheus, then the second's with the {@code
 * external_labels} value {@code offset_seed: "0"}, "1", … (which changes nothing else: external
 * labels only label what Prometheus sends elsewhere), reads where each target's first scrape fell,
 * and keeps the first second Prometheus whose target is between {@link #LEAST} and {@link #MOST} of
 * an interval after the first's. Offsets are pinned to absolute time ({@code k * interval +
 * offset}), so a seed tried and left gives the same offsets when started again.
 */
final class ScrapesApart {
  /** The least and most separation kept, as a share of the interval. */
  static final double LEAST = 0.3;

  static final double MOST = 0.7;

  /** Seeds tried before settling for the best one seen. */
  static final int TRIES = 12;

  private ScrapesApart() {}

  /** The configuration of a Prometheus that scrapes {@code jobs} with {@code seed}. */
  @FunctionalInterface
  interface Config {
    String of(int seed, List<String> jobs);
  }

  /**
   * The Prometheus servers kept, the second one's seed, the targets' separation (0 when alone) and
   * how many servers were started in all ({@code tries}: the first, and one per seed tried).
   */
  record Started(PrometheusPerJob prometheus, int seed, double separation, int tries)
      implements AutoCloseable {
    @Override
    public void close() {
      prometheus.close();
    }

    Map<String, Object> raw() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("offset_seed", seed);
      m.put("separation_share_of_interval", separation);
      m.put("prometheus_started", tries);
      return m;
    }
  }

  /**
   * With two {@code jobs}, a Prometheus for each (the first with {@code firstSeed}), the second
   * started again with other seeds until it scrapes between {@link #LEAST} and {@link #MOST} of
   * {@code interval} after the first, or else with the seed that came closest to half an interval;
   * otherwise one Prometheus for all.
   */
  static Started start(Config config, List<String> jobs, Duration interval, int firstSeed)
      throws Exception {
    if (jobs.size() != 2) {
      return new Started(
          new PrometheusPerJob(List.of(Prometheus.start(config.of(firstSeed, jobs)))), 0, 0, 1);
    }
    List<String> firstJob = List.of(jobs.get(0));
    List<String> secondJob = List.of(jobs.get(1));
    Prometheus first = Prometheus.start(config.of(firstSeed, firstJob));
    boolean kept = false;
    try {
      Map<String, Long> at = new LinkedHashMap<>(firstScrapes(first, firstJob, interval));
      int best = 0;
      double bestSeparation = -1;
      // Seeds 0 to TRIES - 1, then (try TRIES) the best of them again, kept whatever it gives.
      for (int attempt = 0; ; attempt++) {
        int seed = attempt < TRIES ? attempt : best;
        Prometheus second = Prometheus.start(config.of(seed, secondJob));
        boolean keep = false;
        try {
          at.putAll(firstScrapes(second, secondJob, interval));
          double separation = separation(at, jobs, interval);
          if (Math.abs(separation - 0.5) < Math.abs(bestSeparation - 0.5)) {
            best = seed;
            bestSeparation = separation;
          }
          keep = attempt == TRIES || (separation >= LEAST && separation <= MOST);
          if (keep) {
            kept = true;
            return new Started(
                new PrometheusPerJob(List.of(first, second)), seed, separation, attempt + 2);
          }
        } finally {
          if (!keep) {
            second.close();
          }
        }
      }
    } finally {
      if (!kept) {
        first.close();
      }
    }
  }

  /**
   * How far the second job's scrapes fall after the first's, as a share of {@code interval}: from 0
   * (together) through 0.5 (alternating evenly) to just under 1 (just before).
   */
  static double separation(Map<String, Long> startedMillis, List<String> jobs, Duration interval) {
    long i = interval.toMillis();
    long d = Math.floorMod(startedMillis.get(jobs.get(1)) - startedMillis.get(jobs.get(0)), i);
    return (double) d / i;
  }

  /** When each job's first scrape started (Unix ms), waiting for all of them. */
  private static Map<String, Long> firstScrapes(
      Prometheus prom, List<String> jobs, Duration interval) throws Exception {
    long deadline = System.nanoTime() + interval.multipliedBy(3).plusSeconds(30).toNanos();
    while (true) {
      Map<String, Double> started =
          prom.valueByJob("timestamp(up)", System.currentTimeMillis() / 1000.0);
      if (started.keySet().containsAll(jobs)) {
        Map<String, Long> out = new LinkedHashMap<>();
        started.forEach((job, seconds) -> out.put(job, Math.round(seconds * 1000)));
        return out;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Prometheus did not scrape " + jobs + " in time");
      }
      Thread.sleep(200);
    }
  }
}
