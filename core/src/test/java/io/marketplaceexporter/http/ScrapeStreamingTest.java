package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.support.RunningExporter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the business families, kept rendered ahead, go out before the rest of the registry is
 * rendered, so that the client reads (and inflates) them meanwhile instead of waiting for the first
 * byte until everything is rendered.
 */
class ScrapeStreamingTest {
  private static final String ORDER =
      "{\"type\":\"order\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"S1\",\"outcome\":\"success\"}";

  private final RunningExporter server =
      RunningExporter.start("", Map.of(), Exporter.Options.plain());

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void theBusinessFamiliesArriveWhileTheRestIsStillBeingRendered() throws Exception {
    assertThat(server.post("/api/v1/events", ORDER).status()).isEqualTo(202);
    CountDownLatch clientSawTheOrders = new CountDownLatch(1);
    AtomicBoolean releasedByTheClient = new AtomicBoolean();
    // A family of the rest whose collection waits until the client has read the business
    // families (10 s at most, then it goes on and the test fails below).
    server
        .exporter
        .registry()
        .register(
            () -> {
              try {
                releasedByTheClient.set(clientSawTheOrders.await(10, TimeUnit.SECONDS));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return new GaugeSnapshot(
                  new MetricMetadata("test_rendered_last"),
                  List.of(new GaugeDataPointSnapshot(1, Labels.EMPTY, null)));
            });

    String text;
    try (Socket client = new Socket()) {
      client.connect(
          new InetSocketAddress(InetAddress.getLoopbackAddress(), server.exporter.port()));
      client.setSoTimeout(30_000);
      OutputStream out = client.getOutputStream();
      out.write(
          ("GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/plain;version=0.0.4\r\n"
                  + "Connection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = client.getInputStream();
      ByteArrayOutputStream read = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        read.write(buf, 0, n);
        if (read.toString(StandardCharsets.UTF_8).contains("marketplace_orders_total{")) {
          clientSawTheOrders.countDown();
        }
      }
      text = read.toString(StandardCharsets.UTF_8);
    }

    assertThat(releasedByTheClient)
        .as("the orders were read before the rest was rendered")
        .isTrue();
    assertThat(text.indexOf("test_rendered_last 1"))
        .as("the rest follows the business families")
        .isGreaterThan(text.indexOf("marketplace_orders_total{"));
  }
}
