package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.RunningExporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code /metrics} as Prometheus 3.5 asks for it, served from the rendered pieces. */
class MetricsEndpointTest {
  /** The Accept header of Prometheus 3.5.3 with its default scrape protocols (seen on the wire). */
  static final String PROMETHEUS_3_5_ACCEPT =
      "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,"
          + "application/openmetrics-text;version=0.0.1;q=0.5,"
          + "text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,"
          + "text/plain;version=0.0.4;q=0.3,*/*;q=0.2";

  private static final String ORDER =
      "{\"type\":\"order\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"s1\","
          + "\"outcome\":\"success\",\"count\":2}";

  private final RunningExporter server = RunningExporter.start();

  @AfterEach
  void stop() {
    server.close();
  }

  private Response get(String acceptEncoding) throws IOException {
    Request.Builder req =
        new Request.Builder().url(server.url("/metrics")).header("Accept", PROMETHEUS_3_5_ACCEPT);
    if (acceptEncoding != null) {
      req.header("Accept-Encoding", acceptEncoding);
    }
    return server.http.newCall(req.build()).execute();
  }

  @Test
  void prometheusGetsOneGzipMemberOfOpenMetricsWithOneEof() throws IOException {
    server.post("/api/v1/events", ORDER);
    try (Response r = get("gzip")) {
      byte[] raw = r.body().bytes();
      String text =
          new String(
              new GZIPInputStream(new ByteArrayInputStream(raw)).readAllBytes(),
              StandardCharsets.UTF_8);

      assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
      assertThat(r.header("Content-Type")).startsWith("application/openmetrics-text");
      assertThat(text)
          .contains("# TYPE marketplace_orders counter\n")
          .contains("marketplace_orders_total{marketplace=\"amazon\",outcome=\"success\"")
          .contains("# TYPE marketplace_exporter_exposition_lag_seconds gauge")
          .endsWith("\n# EOF\n");
      assertThat(text.indexOf("# EOF")).isEqualTo(text.lastIndexOf("# EOF"));
      // A single member: its deflate data ends in a final block followed by the 8-byte trailer.
      assertThat(bytesAfterFirstMember(raw)).isEqualTo(8);
      // ... and that final block carries the end of the text: not an empty one (03 00) after it.
      assertThat(new byte[] {raw[raw.length - 10], raw[raw.length - 9]})
          .isNotEqualTo(new byte[] {3, 0});
    }
  }

  @Test
  void noGzipWhenNotAskedAndTheSameText() throws IOException {
    server.post("/api/v1/events", ORDER);
    String gz;
    try (Response r = get("gzip")) {
      gz =
          new String(
              new GZIPInputStream(new ByteArrayInputStream(r.body().bytes())).readAllBytes(),
              StandardCharsets.UTF_8);
    }
    try (Response r = get("identity")) {
      assertThat(r.header("Content-Encoding")).isNull();
      assertThat(stripLag(r.body().string())).isEqualTo(stripLag(gz));
    }
  }

  private static String stripLag(String text) {
    return text.replaceAll("(marketplace_exporter_exposition_lag_seconds) \\S+", "$1");
  }

  /** What follows the deflate data of the first member (header of 10 bytes, no options). */
  private static int bytesAfterFirstMember(byte[] gz) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(gz, 10, gz.length - 10);
      byte[] buf = new byte[64 * 1024];
      while (!inflater.finished()) {
        if (inflater.inflate(buf) == 0 && inflater.needsInput()) {
          return -1; // no final block
        }
      }
      return inflater.getRemaining();
    } catch (DataFormatException e) {
      throw new AssertionError(e);
    } finally {
      inflater.end();
    }
  }
}
