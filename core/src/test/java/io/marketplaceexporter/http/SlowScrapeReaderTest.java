package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.support.RunningExporter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: {@code /metrics} needs no credential, so a client that asks for it and never reads the
 * answer must not hold the scrape priority that makes authenticated ingest wait.
 */
class SlowScrapeReaderTest {
  private static final String ORDER =
      "{\"type\":\"order\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"S1\",\"outcome\":\"success\"}";

  private final RunningExporter server =
      RunningExporter.start("ingest:\n  scrape_priority: 5s\n", Map.of(), Exporter.Options.plain());

  @AfterEach
  void stop() {
    server.close();
  }

  /** About 25 MB of exposition: far more than the socket buffers between the two ends hold. */
  private void registerALargeExposition() {
    List<GaugeDataPointSnapshot> points = new ArrayList<>();
    String pad = "p".repeat(60);
    for (int i = 0; i < 250_000; i++) {
      points.add(
          new GaugeDataPointSnapshot(1, Labels.of("i", Integer.toString(i), "pad", pad), null));
    }
    GaugeSnapshot big = new GaugeSnapshot(new MetricMetadata("test_big"), points);
    server.exporter.registry().register(() -> big);
  }

  /**
   * A client that asks for {@code /metrics}, waits until the answer has started, and from then on
   * reads nothing more: the server is stuck writing to it.
   */
  private Socket unreadScrape() throws IOException {
    Socket reader = new Socket();
    reader.setReceiveBufferSize(4096);
    reader.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.exporter.port()));
    reader.setSoTimeout(30_000);
    OutputStream out = reader.getOutputStream();
    out.write(
        "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = reader.getInputStream();
    assertThat(in.read(new byte[16])).as("the answer has started").isPositive();
    return reader;
  }

  @Test
  void readersThatNeverReadCannotPileUpCopiesOfTheAnswer() throws Exception {
    registerALargeExposition();
    List<Socket> readers = new ArrayList<>();
    try {
      for (int i = 0; i < MetricsHandler.MAX_IN_FLIGHT; i++) {
        readers.add(unreadScrape());
      }

      RunningExporter.Reply refused = server.get("/metrics?name[]=marketplace_exporter_build_info");
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers().get("Retry-After")).isEqualTo("1");
    } finally {
      for (Socket r : readers) {
        r.close();
      }
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int status;
    do {
      status = server.get("/metrics?name[]=marketplace_exporter_build_info").status();
    } while (status != 200 && System.nanoTime() < deadline);
    assertThat(status).as("served again once the readers are gone").isEqualTo(200);
  }

  @Test
  void aScrapeThatIsNeverReadDoesNotMakeIngestWait() throws Exception {
    registerALargeExposition();
    try (Socket reader = unreadScrape()) {
      assertThat(reader.isConnected()).isTrue();
      for (int i = 0; i < 3; i++) {
        long t0 = System.nanoTime();
        assertThat(server.post("/api/v1/events", ORDER).status()).isEqualTo(202);
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
            .as("ingest request %d while the scrape is unread", i)
            .isLessThan(Duration.ofMillis(2500));
      }
    }
  }
}
