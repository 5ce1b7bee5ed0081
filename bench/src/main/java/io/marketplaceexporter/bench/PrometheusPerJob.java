package io.marketplaceexporter.bench;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus servers that scrape one group of targets, one server per job, read as one: each
 * query goes to every server and the answers are merged by job.
 *
 * <p>Targets compared side by side get a Prometheus each because Go collects its garbage when the
 * heap crosses a goal, and with one Prometheus scraping two targets at a million series in turn,
 * that happened at the start of the same target's scrape every time: the heap grew by about one
 * scrape's buffers per scrape, and one collection of 0.3–1.5 s (live heap 0.5–0.7 GB) fell into
 * every exporter scrape in one window and every nginx scrape in the next (GODEBUG=gctrace=1,
 * 2026-12-01 10:36–10:43). Which target paid was decided by where the heap stood when the window
 * began, and it made one target 20–30% slower. A Prometheus of its own collects for its own
 * target's scrapes only, so both targets pay for their own garbage, as each would in any Prometheus
 * that scrapes many.
 */
final class PrometheusPerJob implements AutoCloseable {
  private final List<Prometheus> servers;

  PrometheusPerJob(List<Prometheus> servers) {
    this.servers = List.copyOf(servers);
  }

  /** The servers, in the order of their jobs. */
  List<Prometheus> servers() {
    return servers;
  }

  /** {@link Prometheus#valueByJob} of every server, merged. */
  Map<String, Double> valueByJob(String promql, double time)
      throws IOException, InterruptedException {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Prometheus p : servers) {
      out.putAll(p.valueByJob(promql, time));
    }
    return out;
  }

  /** {@link Prometheus#samplesByJob} of every server, merged. */
  Map<String, List<Double>> samplesByJob(String rangeQuery, double time)
      throws IOException, InterruptedException {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    for (Prometheus p : servers) {
      out.putAll(p.samplesByJob(rangeQuery, time));
    }
    return out;
  }

  /** {@link Prometheus#lastErrors} of every server, merged. */
  Map<String, String> lastErrors() throws IOException, InterruptedException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Prometheus p : servers) {
      out.putAll(p.lastErrors());
    }
    return out;
  }

  @Override
  public void close() {
    servers.forEach(Prometheus::close);
  }
}
