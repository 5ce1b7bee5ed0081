package io.marketplaceexporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.ProjectFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar killed with SIGKILL ({@link Process#destroyForcibly()} on Linux) and started again
 * on the same {@code --storage.path}: everything acknowledged with 202 before the last completed
 * state write is back, and a resent event id is still a duplicate.
 */
class StateRestartIT {
  private static final String EVENTS =
      """
      [
       {"id":"e1","type":"sync","marketplace":"amazon","site":"US","shop":"S1","system":"mabang","job":"inventory","outcome":"success","finished_at":1795507140},
       {"id":"e2","type":"token","marketplace":"amazon","site":"US","shop":"S1","token":"refresh","expires_at":"2030-12-01T00:00:00Z"},
       {"id":"e3","type":"price","marketplace":"amazon","site":"US","shop":"S1","sku":"SKU-1","price":25,"currency":"USD"},
       {"id":"e4","type":"price","marketplace":"amazon","site":"US","shop":"S1","sku":"SKU-1","price":0,"currency":"USD"},
       {"id":"e5","type":"inventory","marketplace":"amazon","site":"US","shop":"S1","sku":"SKU-2","available":-3},
       {"id":"e6","type":"change","service":"erp-sync","kind":"deploy","version":"1.2.3"},
       {"id":"e7","type":"order","marketplace":"amazon","site":"US","shop":"S1","outcome":"success","count":3}
      ]
      """;

  /** An event that changes the state but none of what the test checks. */
  private static final String MARKER =
      "{\"type\":\"quota\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"S9\","
          + "\"operation\":\"getOrders\",\"limit\":20,\"remaining\":19}";

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> processes = new ArrayList<>();
  private Path storage;
  private Path config;
  private Path log;
  private int port;

  @BeforeEach
  void setUp() throws IOException {
    storage = dir.resolve("data");
    config =
        Files.writeString(
            dir.resolve("config.yml"),
            "storage: {snapshot_interval: 200ms}\nauth: {allow_unauthenticated: true}\n");
    log = dir.resolve("exporter.log");
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Starts the jar on a new free port and waits until it answers. */
  private Process start() throws Exception {
    Path jar = ProjectFiles.root().resolve("exporter/target/marketplace-exporter.jar");
    assertThat(jar).exists();
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--config.file=" + config,
                "--storage.path=" + storage,
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    processes.add(p);
    await("the exporter answers", Duration.ofSeconds(30), () -> metricsOrNull() != null);
    return p;
  }

  private void kill(Process p) throws InterruptedException {
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no last snapshot
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
  }

  private void await(String what, Duration timeout, BooleanSupplier condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out waiting until " + what + "; log:\n" + Files.readString(log));
      }
      Thread.sleep(20);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws IOException {
    try {
      return http.send(
          b.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private HttpResponse<String> post(String json) throws IOException {
    return send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private String get(String path) throws IOException {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))).body();
  }

  private MetricsText metricsOrNull() {
    try {
      return new MetricsText(get("/metrics"));
    } catch (IOException e) {
      return null;
    }
  }

  /** When the content of the last completed state write was taken, in Unix ms; 0 before. */
  private long lastStateWrite() {
    MetricsText m = metricsOrNull();
    Double v =
        m == null
            ? null
            : m.value("marketplace_exporter_storage_last_write_timestamp_seconds", "file", "state");
    return v == null ? 0 : Math.round(v * 1000);
  }

  /** The value of a series of shop amazon/US/S1 with these further labels. */
  private static Double s1(MetricsText m, String name, String... labelPairs) {
    String[] all = new String[labelPairs.length + 6];
    System.arraycopy(
        new String[] {"marketplace", "amazon", "site", "US", "shop", "S1"}, 0, all, 0, 6);
    System.arraycopy(labelPairs, 0, all, 6, labelPairs.length);
    return m.value(name, all);
  }

  /** Sync event number {@code n} of the continuous client: its last success is base + n. */
  private static String live(long n, long base) {
    return ("{\"id\":\"live-%d\",\"type\":\"sync\",\"marketplace\":\"shopee\",\"site\":\"SG\","
            + "\"shop\":\"live\",\"system\":\"erp\",\"job\":\"orders\",\"outcome\":\"success\","
            + "\"finished_at\":%d}")
        .formatted(n, base + n);
  }

  @Test
  void everythingAcknowledgedBeforeTheLastWriteSurvivesAKill9() throws Exception {
    Process first = start();
    HttpResponse<String> r = post(EVENTS);
    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).contains("\"accepted\":7");
    long acknowledged = System.currentTimeMillis();
    // A write is taken when the state changed since the last one; if the last write was taken
    // while the batch above was being applied, nothing changes afterwards to trigger another
    // one. One more event, applied after the 202, makes sure that a write taken after it comes.
    assertThat(post(MARKER).statusCode()).isEqualTo(202);
    await(
        "a state write taken after the 202",
        Duration.ofSeconds(10),
        () -> lastStateWrite() > acknowledged);
    kill(first);

    start();
    MetricsText m = metricsOrNull();
    assertThat(
            s1(
                m,
                "marketplace_sync_last_success_timestamp_seconds",
                "system",
                "mabang",
                "job",
                "inventory"))
        .isEqualTo(1795507140.0);
    assertThat(s1(m, "marketplace_token_expiry_timestamp_seconds", "token", "refresh"))
        .isEqualTo(1922313600.0);
    assertThat(s1(m, "marketplace_price_anomalous_skus", "kind", "zero")).isEqualTo(1.0);
    assertThat(s1(m, "marketplace_inventory_negative_skus")).isEqualTo(1.0);
    assertThat(
            m.value(
                "marketplace_change_info",
                "service",
                "erp-sync",
                "kind",
                "deploy",
                "version",
                "1.2.3"))
        .isEqualTo(1.0);
    assertThat(m.samples("marketplace_orders_total")).as("counters restart at zero").isEmpty();
    assertThat(m.value("marketplace_exporter_state_restored_items", "kind", "event_ids"))
        .isEqualTo(7.0);
    assertThat(get("/api/v1/anomalies"))
        .contains("\"sku\":\"SKU-1\"", "\"kind\":\"zero\"", "\"sku\":\"SKU-2\"", "negative_stock");
    assertThat(get("/api/v1/changes")).contains("\"version\":\"1.2.3\"");

    HttpResponse<String> again = post(EVENTS);
    assertThat(again.statusCode()).isEqualTo(202);
    assertThat(again.body()).contains("\"accepted\":0", "\"duplicates\":7");
    assertThat(Files.readString(log)).doesNotContain("unreadable", "Exception");
  }

  @Test
  void ingestingWhileKilledLosesNothingAcknowledgedBeforeTheLastCompletedWrite() throws Exception {
    Process first = start();
    long base = 1_795_500_000L;
    AtomicLong lastAcknowledged = new AtomicLong(-1);
    List<long[]> acks = new ArrayList<>(); // {n, acknowledged at ms}
    AtomicBoolean stop = new AtomicBoolean();
    Thread client =
        new Thread(
            () -> {
              for (long n = 0; !stop.get(); n++) {
                String event = live(n, base);
                try {
                  if (post(event).statusCode() != 202) {
                    return;
                  }
                } catch (IOException e) {
                  return; // killed
                }
                synchronized (acks) {
                  acks.add(new long[] {n, System.currentTimeMillis()});
                }
                lastAcknowledged.set(n);
              }
            },
            "ingest-client");
    client.start();
    await("some events acknowledged", Duration.ofSeconds(10), () -> lastAcknowledged.get() > 50);
    long lastWrite = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < deadline) {
      lastWrite = Math.max(lastWrite, lastStateWrite());
    }
    kill(first);
    stop.set(true);
    client.join(10_000);

    long lastSurviving = -1;
    synchronized (acks) {
      for (long[] a : acks) {
        if (a[1] < lastWrite) {
          lastSurviving = Math.max(lastSurviving, a[0]);
        }
      }
    }
    assertThat(lastSurviving).as("events acknowledged before the last write seen").isPositive();

    start();
    MetricsText m = metricsOrNull();
    Double restored =
        m.value(
            "marketplace_sync_last_success_timestamp_seconds",
            "marketplace",
            "shopee",
            "site",
            "SG",
            "shop",
            "live",
            "system",
            "erp",
            "job",
            "orders");
    assertThat(restored).isNotNull();
    assertThat(restored.longValue() - base)
        .as("the last success acknowledged before the last write (or a later one)")
        .isGreaterThanOrEqualTo(lastSurviving);
    HttpResponse<String> resent = post(live(lastSurviving, base));
    assertThat(resent.body()).contains("\"duplicates\":1");
    assertThat(Files.readString(log)).doesNotContain("unreadable", "Exception");
  }
}
