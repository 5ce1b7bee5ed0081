package io.marketplaceexporter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.ShardConfig;
import io.marketplaceexporter.config.WebConfig;
import io.marketplaceexporter.model.Shard;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.TestClock;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  static final String START = "2026-11-24T08:00:00Z";

  /** One event of every kind whose gauges must survive, each with an id. */
  static final String EVENTS =
      """
      [
       {"id":"e1","type":"sync","marketplace":"amazon","site":"US","shop":"S1","system":"mabang","job":"inventory","outcome":"success","finished_at":1795507140},
       {"id":"e2","type":"token","marketplace":"amazon","site":"US","shop":"S1","token":"refresh","expires_at":"2026-12-01T00:00:00Z"},
       {"id":"e3","type":"price","marketplace":"amazon","site":"US","shop":"S1","sku":"SKU-1","price":25,"currency":"USD"},
       {"id":"e4","type":"price","marketplace":"amazon","site":"US","shop":"S1","sku":"SKU-1","price":0,"currency":"USD"},
       {"id":"e5","type":"price","marketplace":"amazon","site":"US","shop":"S1","sku":"SKU-3","price":10,"floor":12},
       {"id":"e6","type":"inventory","marketplace":"amazon","site":"US","shop":"S1","sku":"SKU-2","available":-1},
       {"id":"e7","type":"order_backlog","marketplace":"shopee","site":"MY","shop":"S2","pending":4,"oldest_pending_at":1795505400},
       {"id":"e8","type":"change","service":"erp-sync","kind":"deploy","version":"1.2.3","approver":"alice","alert":"OrderFailureRatioHigh shop=S1"},
       {"id":"e9","type":"order","marketplace":"amazon","site":"US","shop":"S1","outcome":"success","count":3}
      ]
      """;

  /** The order event {@code e9} of {@link #EVENTS} sent again. */
  static final String RESENT_E9 =
      "{\"id\":\"e9\",\"type\":\"order\",\"marketplace\":\"amazon\",\"site\":\"US\","
          + "\"shop\":\"S1\",\"outcome\":\"success\"}";

  @TempDir Path dir;

  static Fixture fixture(String yaml) {
    return new Fixture(ConfigLoader.parse(yaml), TestClock.at(START));
  }

  private final Map<Fixture, StateStore> stores = new IdentityHashMap<>();

  /** The one state store of a fixture (its metrics are registered once). */
  StateStore store(Fixture f, Path dir) {
    return stores.computeIfAbsent(
        f,
        x ->
            new StateStore(
                dir,
                Duration.ofSeconds(5),
                f.state,
                f.ingest,
                new StorageMetrics(f.registry),
                f.clock));
  }

  /** The value of the one sample of {@code name} whose labels include these pairs. */
  static Double valueWhere(MetricsText m, String name, String... labelPairs) {
    List<Double> found = new ArrayList<>();
    for (MetricsText.Sample s : m.samples(name)) {
      boolean match = true;
      for (int i = 0; i < labelPairs.length; i += 2) {
        match &= labelPairs[i + 1].equals(s.labels().get(labelPairs[i]));
      }
      if (match) {
        found.add(s.value());
      }
    }
    return found.size() == 1 ? found.get(0) : null;
  }

  /** The gauges of the business contract, by name and labels: what a restart must keep. */
  static Map<String, Double> businessGauges(MetricsText m) {
    Map<String, Double> out = new TreeMap<>();
    for (MetricsText.Sample s : m.samples()) {
      String family = s.name();
      if (family.startsWith("marketplace_")
          && !family.startsWith("marketplace_exporter_")
          && "gauge".equals(m.types().get(family))) {
        out.put(family + new TreeMap<>(s.labels()), s.value());
      }
    }
    return out;
  }

  /** A snapshot of {@link #EVENTS}, written by the real writer. */
  Fixture written() {
    Fixture f = fixture("");
    assertThat(f.send(EVENTS).rejected()).isZero();
    assertThat(store(f, dir).writeIfChanged()).isTrue();
    return f;
  }

  @Nested
  class RoundTrip {
    @Test
    void everyGaugeTheNextEventCannotRebuildComesBackAndCountersRestartAtZero() {
      Fixture before = written();

      Fixture after = fixture("");
      store(after, dir).restore();

      Map<String, Double> gauges = businessGauges(before.scrape());
      assertThat(gauges)
          .containsKeys(
              "marketplace_sync_last_success_timestamp_seconds{job=inventory, marketplace=amazon,"
                  + " shop=S1, site=US, system=mabang}",
              "marketplace_token_expiry_timestamp_seconds{marketplace=amazon, shop=S1, site=US,"
                  + " token=refresh}",
              "marketplace_price_anomalous_skus{kind=zero, marketplace=amazon, shop=S1, site=US}",
              "marketplace_inventory_negative_skus{marketplace=amazon, shop=S1, site=US}",
              "marketplace_change_info{kind=deploy, service=erp-sync, version=1.2.3}");
      assertThat(businessGauges(after.scrape())).isEqualTo(gauges);
      assertThat(after.state.anomalies(100)).isEqualTo(before.state.anomalies(100));
      assertThat(after.state.recentChanges(100)).isEqualTo(before.state.recentChanges(100));
      assertThat(after.state.recentChanges(1).get(0))
          .extracting(c -> c.approver(), c -> c.alert())
          .containsExactly("alice", "OrderFailureRatioHigh shop=S1");

      MetricsText m = after.scrape();
      assertThat(m.samples("marketplace_orders_total")).isEmpty();
      assertThat(m.value("marketplace_exporter_state_restored_items", "kind", "shops"))
          .isEqualTo(2.0);
      assertThat(m.value("marketplace_exporter_state_restored_items", "kind", "skus"))
          .isEqualTo(3.0);
      assertThat(m.value("marketplace_exporter_state_restored_items", "kind", "event_ids"))
          .isEqualTo(9.0);
    }

    @Test
    void aSeenEventIdIsStillADuplicateAfterTheRestartForTheRestOfItsWindow() {
      written();
      Fixture after = fixture("");
      after.clock.advance(Duration.ofMinutes(59));
      store(after, dir).restore();

      assertThat(after.send(RESENT_E9).duplicates()).isEqualTo(1);

      Fixture later = fixture("");
      later.clock.advance(Duration.ofMinutes(61));
      store(later, dir).restore();
      assertThat(later.send(RESENT_E9).accepted())
          .as("the 1h dedup window has passed")
          .isEqualTo(1);
    }

    @Test
    void aSnapshotIsWrittenOnlyWhenTheStateChanged() throws Exception {
      Fixture f = fixture("");
      StateStore store = store(f, dir);
      assertThat(store.writeIfChanged()).as("the first write").isTrue();
      assertThat(store.writeIfChanged()).isFalse();
      f.send(EVENTS);
      assertThat(store.writeIfChanged()).isTrue();
      assertThat(store.writeIfChanged()).isFalse();
      MetricsText m = f.scrape();
      assertThat(
              m.value("marketplace_exporter_storage_last_write_timestamp_seconds", "file", "state"))
          .isEqualTo(f.clock.epochSeconds());
      assertThat(m.value("marketplace_exporter_storage_file_size_bytes", "file", "state"))
          .isEqualTo((double) store.file().toFile().length());
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactly(StateStore.FILE_NAME);
      }
    }

    @Test
    void aShopIdleForLongerThanTheShopTtlIsNotBroughtBack() {
      Fixture before = fixture("limits: {shop_ttl: 1h}");
      before.send(EVENTS);
      before.clock.advance(Duration.ofMinutes(50));
      before.send(
          "{\"type\":\"token\",\"marketplace\":\"shopee\",\"site\":\"MY\",\"shop\":\"S2\","
              + "\"token\":\"access\",\"expires_at\":\"2026-12-01T00:00:00Z\"}");
      assertThat(store(before, dir).writeIfChanged()).isTrue();

      Fixture after = fixture("limits: {shop_ttl: 1h}");
      after.clock.advance(Duration.ofMinutes(70));
      store(after, dir).restore();

      assertThat(after.state.sizes().shops()).as("S1 expired while down, S2 did not").isEqualTo(1);
      assertThat(after.state.sizes().trackedSkus()).isZero();
      assertThat(
              valueWhere(
                  after.scrape(),
                  "marketplace_token_expiry_timestamp_seconds",
                  "shop",
                  "S2",
                  "token",
                  "access"))
          .isNotNull();
    }

    @Test
    void eachShardOfSeveralBringsBackOnlyTheShopsItOwns() {
      written();
      List<ShopKey> shops =
          List.of(new ShopKey("amazon", "US", "S1"), new ShopKey("shopee", "MY", "S2"));
      int restored = 0;
      for (int index = 0; index < 2; index++) {
        Fixture after = fixture("shard: {index: " + index + ", count: 2}");
        Shard shard = new ShardConfig(index, 2, List.of()).toShard();
        new StateStore(
                dir,
                Duration.ofSeconds(5),
                after.state,
                after.ingest,
                shard,
                new StorageMetrics(after.registry),
                after.clock)
            .restore();

        long owned = shops.stream().filter(shard::owns).count();
        assertThat(after.state.sizes().shops()).as("shard %d of 2", index).isEqualTo((int) owned);
        for (MetricsText.Sample s : after.scrape().samples()) {
          if (!s.labels().containsKey("shop")) {
            continue;
          }
          ShopKey key =
              new ShopKey(
                  s.labels().get("marketplace"), s.labels().get("site"), s.labels().get("shop"));
          assertThat(shard.owns(key)).as("%s restored on shard %d", key, index).isTrue();
        }
        restored += after.state.sizes().shops();
      }
      assertThat(restored).as("every shop restored by exactly one shard").isEqualTo(shops.size());
    }

    @Test
    void theSeriesBudgetStillHoldsForWhatIsRestored() {
      written();
      Fixture after = fixture("limits: {max_series_per_metric: 1}");
      store(after, dir).restore();
      MetricsText m = after.scrape();
      assertThat(m.samples("marketplace_price_anomalous_skus")).isEmpty();
      assertThat(m.samples("marketplace_token_expiry_timestamp_seconds")).hasSize(1);
    }
  }

  @Nested
  class Shutdown {
    @Test
    void aCleanShutdownWritesWhatChangedSinceTheLastSnapshot() throws Exception {
      ExporterConfig config =
          ConfigLoader.parse("storage: {snapshot_interval: 1h}")
              .withWeb(WebConfig.defaults().withListenAddress("127.0.0.1:0"));
      TestClock clock = TestClock.at(START);
      try (Exporter e =
          Exporter.createForTest(config, Exporter.Options.plain(), Map.of(), clock, dir).start()) {
        e.ingest().ingest(new ObjectMapper().readTree(EVENTS));
      } // no interval has passed: only the shutdown write has the events
      try (Exporter e =
          Exporter.createForTest(config, Exporter.Options.plain(), Map.of(), clock, dir)) {
        assertThat(e.state().sizes().shops()).isEqualTo(2);
        assertThat(e.state().anomalies(10)).hasSize(3);
      }
    }
  }

  @Nested
  class BadFiles {
    private String restoreCapturingLog(Fixture f) {
      PrintStream original = System.err;
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      try {
        store(f, dir).restore();
      } finally {
        System.setErr(original);
      }
      return log.toString(StandardCharsets.UTF_8);
    }

    private Path aside(Fixture f) {
      return dir.resolve(StateStore.FILE_NAME + ".corrupt-" + f.clock.millis());
    }

    /** Starts empty, the file moved aside with its content, logged once and counted. */
    private void assertMovedAside(byte[] content, String reason) throws Exception {
      Files.write(dir.resolve(StateStore.FILE_NAME), content);
      Fixture f = fixture("");
      String log = restoreCapturingLog(f);

      assertThat(f.state.sizes().shops()).isZero();
      assertThat(dir.resolve(StateStore.FILE_NAME)).doesNotExist();
      assertThat(Files.readAllBytes(aside(f))).isEqualTo(content);
      assertThat(log.lines().filter(l -> l.contains("ERROR")))
          .singleElement()
          .asString()
          .contains("state file " + dir.resolve(StateStore.FILE_NAME) + " is unreadable (" + reason)
          .contains("moved it to " + aside(f));
      assertThat(f.value("marketplace_exporter_storage_files_moved_aside_total", "file", "state"))
          .isEqualTo(1.0);
      // and the next snapshot is written as usual
      f.send(EVENTS);
      assertThat(store(f, dir).writeIfChanged()).isTrue();
    }

    @Test
    void aTruncatedFileIsMovedAside() throws Exception {
      written();
      byte[] full = Files.readAllBytes(dir.resolve(StateStore.FILE_NAME));
      assertMovedAside(Arrays.copyOf(full, full.length / 2), "");
    }

    @Test
    void aTruncatedPlainJsonFileIsMovedAside() throws Exception {
      assertMovedAside(
          "{\"kind\":\"marketplace-exporter/state\",\"format_version\":1,\"state\":{\"shops\":["
              .getBytes(StandardCharsets.UTF_8),
          "");
    }

    @Test
    void anEmptyFileIsMovedAside() throws Exception {
      assertMovedAside(new byte[0], "");
    }

    @Test
    void aFileOfAnotherKindIsMovedAside() throws Exception {
      assertMovedAside(
          "{\"kind\":\"marketplace-exporter/relay-queue\",\"format_version\":1,\"pending\":[]}"
              .getBytes(StandardCharsets.UTF_8),
          "a file of another kind");
    }

    @Test
    void aFileThatIsNotOursIsMovedAside() throws Exception {
      assertMovedAside(
          "{\"shops\":[],\"password\":\"hunter2\"}".getBytes(StandardCharsets.UTF_8),
          "not a state file of a known format version");
    }

    @Test
    void aFileOfANewerFormatVersionIsMovedAside() throws Exception {
      assertMovedAside(
          "{\"kind\":\"marketplace-exporter/state\",\"format_version\":2,\"state\":{}}"
              .getBytes(StandardCharsets.UTF_8),
          "written by a newer exporter, format version 2 > 1");
    }

    @Test
    void aFileWithAnUnknownLabelValueIsMovedAsideWithoutRestoringAnythingOfIt() throws Exception {
      assertMovedAside(
          ("{\"kind\":\"marketplace-exporter/state\",\"format_version\":1,\"state\":{\"shops\":["
                  + "{\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"A\",\"last_seen_millis\":"
                  + TestClock.at(START).millis()
                  + ",\"tokens\":{\"refresh\":1.8E9}},"
                  + "{\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"B\",\"last_seen_millis\":"
                  + TestClock.at(START).millis()
                  + ",\"tokens\":{\"password\":1.8E9}}]}}")
              .getBytes(StandardCharsets.UTF_8),
          "IllegalArgumentException");
    }

    @Test
    void theLogNeverQuotesTheFile() throws Exception {
      Files.writeString(dir.resolve(StateStore.FILE_NAME), "{\"token\": \"s3cr3t-value\" ");
      String log = restoreCapturingLog(fixture(""));
      assertThat(log).contains("is unreadable").doesNotContain("s3cr3t");
    }
  }

  @Nested
  class FormatVersions {
    /**
     * Format version 1 written by hand, not by the writer: what an exporter of this version left on
     * disk must be read by every later one (plain JSON is accepted as well as gzip).
     */
    static final String VERSION_1 =
        """
        {"kind":"marketplace-exporter/state","format_version":1,"written_at_millis":1795507000000,
         "state":{
          "shops":[{"marketplace":"amazon","site":"US","shop":"S1","last_seen_millis":1795507000000,
            "syncs":[{"system":"mabang","job":"inventory","last_success_at":1795507140.0}],
            "tokens":{"refresh":1796083200.0},
            "skus":[
             {"sku":"SKU-1","price":0.0,"reference_price":25.0,"currency":"USD","anomaly":"zero",
              "anomaly_since_millis":1795506000000,"negative_since_millis":0,"last_seen_millis":1795506000000},
             {"sku":"SKU-2","available":-1,"anomaly_since_millis":0,
              "negative_since_millis":1795506500000,"last_seen_millis":1795506500000}]},
           {"marketplace":"shopee","site":"MY","shop":"S2","last_seen_millis":1795507000000,
            "pending_orders":4,"oldest_pending_at":1795505400.0}],
          "changes":{
           "last":[{"service":"erp-sync","kind":"deploy","at":1795507000.0}],
           "latest":[{"service":"erp-sync","kind":"deploy","version":"1.2.3","at":1795507000.0}],
           "recent":[{"service":"erp-sync","kind":"deploy","version":"1.2.3","at":1795507000.0}]}},
         "seen_ids":[{"id":"e9","at_millis":1795507000000}],
         "a_field_from_a_later_minor_change":true}
        """;

    @Test
    void aHandWrittenVersion1FileIsRestored() throws Exception {
      Files.writeString(dir.resolve(StateStore.FILE_NAME), VERSION_1);
      Fixture f = fixture("");
      store(f, dir).restore();

      MetricsText m = f.scrape();
      assertThat(valueWhere(m, "marketplace_sync_last_success_timestamp_seconds", "shop", "S1"))
          .isEqualTo(1795507140.0);
      assertThat(valueWhere(m, "marketplace_token_expiry_timestamp_seconds", "token", "refresh"))
          .isEqualTo(1796083200.0);
      assertThat(valueWhere(m, "marketplace_price_anomalous_skus", "shop", "S1", "kind", "zero"))
          .isEqualTo(1.0);
      assertThat(valueWhere(m, "marketplace_inventory_negative_skus", "shop", "S1")).isEqualTo(1.0);
      assertThat(valueWhere(m, "marketplace_orders_pending", "shop", "S2")).isEqualTo(4.0);
      assertThat(
              valueWhere(m, "marketplace_change_info", "service", "erp-sync", "version", "1.2.3"))
          .isEqualTo(1.0);
      assertThat(f.state.anomalies(10))
          .extracting(a -> a.sku() + ":" + a.kind())
          .containsExactly("SKU-2:negative_stock", "SKU-1:zero");
      assertThat(f.send(RESENT_E9).duplicates()).isEqualTo(1);
      // the next write is gzip in the current format
      f.send(EVENTS);
      assertThat(store(f, dir).writeIfChanged()).isTrue();
      byte[] written = Files.readAllBytes(dir.resolve(StateStore.FILE_NAME));
      assertThat(written[0]).isEqualTo((byte) 0x1f);
      assertThat(List.of(dir.toFile().list())).containsExactly(StateStore.FILE_NAME);
    }
  }

  @Nested
  class WriteFailures {
    @Test
    void aWriteThatFailsIsCountedKeepsThePreviousSnapshotAndNeverThrows() throws Exception {
      Path notADir = dir.resolve("plain-file");
      Files.writeString(notADir, "x");
      Fixture f = fixture("");
      StateStore store = store(f, notADir.resolve("state"));
      f.send(EVENTS);

      assertThat(store.writeIfChanged()).isFalse();
      assertThat(store.writeIfChanged()).as("tried again while it fails").isFalse();

      MetricsText m = f.scrape();
      assertThat(m.value("marketplace_exporter_storage_write_failures_total", "file", "state"))
          .isEqualTo(2.0);
      assertThat(
              m.value("marketplace_exporter_storage_last_write_timestamp_seconds", "file", "state"))
          .isEqualTo(0.0);
    }

    @Test
    void aFailedWriteLeavesTheLastGoodSnapshotInPlace() throws Exception {
      Fixture f = written();
      byte[] good = Files.readAllBytes(dir.resolve(StateStore.FILE_NAME));
      // a directory where the temporary file would go makes the next write fail
      Files.createDirectory(dir.resolve(StateStore.FILE_NAME + ".tmp"));
      Files.writeString(dir.resolve(StateStore.FILE_NAME + ".tmp").resolve("x"), "x");
      f.send(EVENTS.replace("\"e", "\"f"));
      assertThat(store(f, dir).writeIfChanged()).isFalse();
      assertThat(Files.readAllBytes(dir.resolve(StateStore.FILE_NAME))).isEqualTo(good);
    }
  }
}
