package io.marketplaceexporter.packtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.offset;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.PollingConfig;
import io.marketplaceexporter.config.ShardConfig;
import io.marketplaceexporter.packtests.Pack;
import io.marketplaceexporter.sandbox.Sandbox;
import io.marketplaceexporter.sandbox.SandboxConfig;
import io.marketplaceexporter.sandbox.SandboxShop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sharding end to end, on loopback: three exporter replicas (shard 0, 1 and 2 of 3) poll one
 * sandbox marketplace serving 24 shops on four marketplaces plus its ERP, and a real Prometheus
 * scrapes the three as one job with the shipped rule pack, unchanged. A single unsharded exporter
 * polls a second sandbox with the same data (both sandboxes run on the same fixed clock, so they
 * serve the same orders, sync runs, quotas and tokens), scraped by a second Prometheus with the
 * same rules.
 *
 * <p>Checked: every shop was polled by exactly one replica (the sharded sandbox granted exactly one
 * token per shop, and each shop's series come from one instance); the generic ERP sources, polled
 * by every replica, fed each shop once; and every recording rule of the pack yields the same series
 * over the three replicas as over the single one, with the same values where the values do not
 * depend on when Prometheus happened to scrape (quota usage, sync lag, the counters underneath the
 * rates).
 */
class ShardingTest {
  private static final int SHARDS = 3;
  private static final String[][] MARKETPLACES = {
    {"amazon", "US", "USD"},
    {"shopee", "SG", "SGD"},
    {"tiktok", "US", "USD"},
    {"lazada", "TH", "THB"}
  };
  private static final Duration DEADLINE = Duration.ofSeconds(40);

  @TempDir Path dir;

  /** 24 shops, six per marketplace, each with orders. */
  static List<SandboxShop> shops() {
    List<SandboxShop> shops = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String[] m = MARKETPLACES[i % MARKETPLACES.length];
      String id = Integer.toString(91_000 + i);
      shops.add(
          new SandboxShop(
              m[0], m[1], "shard-" + m[0] + "-" + id, id, "mabang", m[2], 10.0 + i, 2 + i % 5));
    }
    return shops;
  }

  @Test
  void threeReplicasPollEveryShopOnceAndRecordWhatOneReplicaRecords() throws Exception {
    List<SandboxShop> shops = shops();
    // Both sandboxes serve the same instant, so the same data; tokens live an hour.
    Clock fixed = Clock.fixed(Instant.now().truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC);
    List<Exporter> exporters = new ArrayList<>();
    try (Sandbox sharded = new Sandbox(fixed, Duration.ofHours(1), shops).start("127.0.0.1", 0);
        Sandbox single = new Sandbox(fixed, Duration.ofHours(1), shops).start("127.0.0.1", 0)) {
      try {
        List<Integer> replicaPorts = new ArrayList<>();
        for (int i = 0; i < SHARDS; i++) {
          Exporter e = startExporter(sharded, shops, new ShardConfig(i, SHARDS, List.of()));
          exporters.add(e);
          replicaPorts.add(e.port());
        }
        Exporter alone = startExporter(single, shops, ShardConfig.defaults());
        exporters.add(alone);
        try (LocalServer promSharded = startPrometheus("sharded", replicaPorts);
            LocalServer promSingle = startPrometheus("single", List.of(alone.port()))) {
          Set<String> labels = shops.stream().map(SandboxShop::shop).collect(Collectors.toSet());
          await(
              "every shop polled in both sandboxes",
              () ->
                  sharded.dataCalls().keySet().containsAll(labels)
                      && single.dataCalls().keySet().containsAll(labels));
          assertEachShopPolledByOneReplica(sharded, exporters.subList(0, SHARDS), promSharded);
          assertRecordingRulesMatch(promSharded, promSingle, shops.size());
        }
      } finally {
        exporters.forEach(Exporter::close);
      }
    }
  }

  private Exporter startExporter(Sandbox sandbox, List<SandboxShop> shops, ShardConfig shard) {
    ExporterConfig c = ConfigLoader.parse("web: {listen_address: \"127.0.0.1:0\"}");
    c =
        c.withSources(
                SandboxConfig.sources(sandbox.url(), "1s", Instant.now(), shops),
                PollingConfig.defaults())
            .withShard(shard);
    return Exporter.createForTest(
            c, Launcher.plain(), Map.of(), Clock.systemUTC(), dir.resolve("storage"))
        .start();
  }

  private void assertEachShopPolledByOneReplica(
      Sandbox sandbox, List<Exporter> replicas, LocalServer prometheus) {
    // Each connector refreshes its shop's token once at start: one grant means one poller.
    assertThat(sandbox.tokenRefreshes())
        .as("token grants per shop in the sharded sandbox")
        .hasSize(24)
        .allSatisfy((shop, n) -> assertThat(n).as(shop).isEqualTo(1L));
    await(
        "every replica scraped with its shard",
        () ->
            prometheus.query("count(marketplace_exporter_shard_info)").path("result").size() == 1
                && scalar(prometheus, "count(marketplace_exporter_shard_info)") == SHARDS);
    assertThat(scalar(prometheus, "sum(marketplace_exporter_shard_polled_shops)")).isEqualTo(24.0);
    for (int i = 0; i < SHARDS; i++) {
      assertThat(
              scalar(
                  prometheus,
                  "marketplace_exporter_shard_polled_shops and on (instance)"
                      + " marketplace_exporter_shard_info{index=\""
                      + i
                      + "\"}"))
          .as("shard %d polls some shops", i)
          .isPositive();
    }
    // Each shop's series come from one instance, ERP-fed ones included (sync runs come only from
    // the generic sources, which every replica polls).
    for (String metric :
        List.of(
            "marketplace_orders_total",
            "marketplace_sync_runs_total",
            "marketplace_api_requests_total")) {
      await(
          metric + " of every shop from exactly one instance",
          () -> {
            JsonNode r =
                prometheus
                    .query(
                        "count by (marketplace, site, shop) (count by (marketplace, site, shop,"
                            + " instance) ("
                            + metric
                            + "))")
                    .path("result");
            if (r.size() != 24) {
              return false;
            }
            for (JsonNode s : r) {
              assertThat(s.path("value").get(1).asText())
                  .as("instances with %s of %s", metric, s.path("metric"))
                  .isEqualTo("1");
            }
            return true;
          });
    }
  }

  private void assertRecordingRulesMatch(LocalServer sharded, LocalServer single, int shops) {
    // Rates need two scrapes of a counter; wait until both sides record every shop.
    await(
        "every recording rule has every shop in both Prometheus servers",
        () ->
            recordsComplete(sharded, shops)
                && recordsComplete(single, shops)
                && countersEqual(sharded, single));
    for (String record : comparedRecords()) {
      Map<String, Double> a = series(sharded, record);
      Map<String, Double> b = series(single, record);
      assertThat(a.keySet()).as("series of %s, sharded vs single", record).isEqualTo(b.keySet());
      assertThat(a).as(record).isNotEmpty();
      for (String labels : a.keySet()) {
        double x = a.get(labels);
        double y = b.get(labels);
        if (record.equals("shop_operation:marketplace_api_quota_usage:ratio")) {
          assertThat(x).as("%s%s", record, labels).isEqualTo(y);
        } else if (record.equals("shop_job:marketplace_sync_lag:seconds")) {
          // time() - the same last success: differs only by when each server evaluated.
          assertThat(x).as("%s%s", record, labels).isCloseTo(y, offset(5.0));
        }
        // Rates and ratios of rates depend on when each server scraped: their series must match
        // (above), and the counters underneath them hold the same values (countersEqual).
      }
    }
  }

  /** Why the last wait is not over yet, for the failure message. */
  private String waitingFor = "";

  /**
   * The recording rules compared between the sharded and the single setup. Left out: the owner of
   * each shop (its {@code instance} names the replica, which differs by design) and the pre-change
   * baselines of PostDeployRegression (absent while a change is being watched).
   */
  private static List<String> comparedRecords() {
    return Pack.recordingRuleNames().stream()
        .filter(r -> !r.equals("shop:marketplace_exporter_owner:info"))
        // Baselines before a change, and what is measured against them, exist only outside a
        // change's watch: the sandbox's seeded deploy is inside the listings' 2h watch.
        .filter(r -> !r.endsWith("_before_change") && !r.endsWith("_since_change"))
        .toList();
  }

  /** Every per-shop recording rule has a series per shop (sync: per shop and job). */
  private boolean recordsComplete(LocalServer prometheus, int shops) {
    for (String record : comparedRecords()) {
      int expected =
          record.startsWith("shop_job:") && !record.startsWith("shop_job:marketplace_sync_runs")
              ? shops * 5
              : shops;
      String query =
          record.startsWith("shop_job:marketplace_sync_runs")
              ? "count(count by (marketplace, site, shop) (" + record + "))"
              : "count(" + record + ")";
      JsonNode r = prometheus.query(query).path("result");
      if (r.isEmpty() || (int) r.get(0).path("value").get(1).asDouble() != expected) {
        waitingFor = query + " = " + r + ", expected " + expected;
        return false;
      }
    }
    return true;
  }

  /** The counters under the rates hold the same values per shop on both sides. */
  private boolean countersEqual(LocalServer sharded, LocalServer single) {
    for (String q :
        List.of(
            "sum by (marketplace, site, shop, outcome) (marketplace_orders_total)",
            "sum by (marketplace, site, shop, outcome) (marketplace_sync_runs_total)",
            "max by (marketplace, site, shop, operation) (marketplace_api_quota_remaining)")) {
      Map<String, Double> a = byLabels(sharded.query(q));
      Map<String, Double> b = byLabels(single.query(q));
      if (!a.equals(b)) {
        waitingFor = q + ": sharded " + a + " vs single " + b;
        return false;
      }
    }
    return true;
  }

  private static Map<String, Double> series(LocalServer prometheus, String record) {
    return byLabels(prometheus.query(record));
  }

  private static Map<String, Double> byLabels(JsonNode data) {
    Map<String, Double> out = new TreeMap<>();
    for (JsonNode s : data.path("result")) {
      Map<String, String> labels = new TreeMap<>();
      s.path("metric").properties().forEach(f -> labels.put(f.getKey(), f.getValue().asText()));
      out.put(labels.toString(), s.path("value").get(1).asDouble());
    }
    return out;
  }

  private static double scalar(LocalServer prometheus, String promql) {
    JsonNode r = prometheus.query(promql).path("result");
    if (r.size() != 1) {
      fail("%s: expected one series, got %s", promql, r);
    }
    return r.get(0).path("value").get(1).asDouble();
  }

  private void await(String what, BooleanSupplier condition) {
    waitingFor = "";
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      LocalServer.pause(Duration.ofMillis(250));
    }
    fail("not within %s: %s; %s", DEADLINE, what, waitingFor);
  }

  /** Prometheus scraping {@code ports} as job marketplace-exporter with the shipped rules. */
  private LocalServer startPrometheus(String name, List<Integer> ports) throws IOException {
    Path home = Files.createDirectories(dir.resolve(name));
    String targets =
        ports.stream().map(p -> "'127.0.0.1:" + p + "'").collect(Collectors.joining(", "));
    return LocalServer.prometheus(
        home,
        """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - %s/*.yml
        scrape_configs:
          - job_name: marketplace-exporter
            static_configs:
              - targets: [%s]
        """
            .formatted(Pack.rulesDir().toAbsolutePath(), targets));
  }
}
