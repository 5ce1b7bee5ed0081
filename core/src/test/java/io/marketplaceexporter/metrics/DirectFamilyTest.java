package io.marketplaceexporter.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.metrics.ContractExposition.Format;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A family that keeps its compressed lines between scrapes while its changes do not move. */
class DirectFamilyTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final AtomicLong changes = new AtomicLong();
  private final double[] value = {1};
  private final DirectFamily.Series series = new DirectFamily.Series(Labels.of("source", "a"));

  DirectFamilyTest() {
    registry.register(
        DirectFamily.gauge("x_up", "Up.", out -> out.add(value[0], null, series))
            .keptWhile(changes::get));
    registry.register(
        DirectFamily.gauge(
            "y_up", "Written every scrape.", out -> out.add(value[0], null, series)));
  }

  /** A scrape as the exporter's fast path makes it: into a last stream, in pieces. */
  private List<Deflated> pieces() throws IOException {
    try (Deflated.LastStream out = new Deflated.LastStream(64)) {
      RegistryText.writeFamilies(
          out, registry, n -> true, OpenMetricsTextFormatWriter.create(), Format.OPENMETRICS);
      RegistryText.end(out, Format.OPENMETRICS);
      return out.finishAll();
    }
  }

  private static String text(List<Deflated> pieces) throws IOException {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    Deflated.writePlain(plain, pieces);
    return plain.toString(UTF_8);
  }

  @Nested
  class KeptLines {
    @Test
    void areTheLinesWrittenDirectly() throws IOException {
      ByteArrayOutputStream direct = new ByteArrayOutputStream();
      RegistryText.write(
          direct, registry, n -> true, OpenMetricsTextFormatWriter.create(), Format.OPENMETRICS);

      assertThat(text(pieces()))
          .isEqualTo(direct.toString(UTF_8))
          .contains("x_up{source=\"a\"} 1.0\n", "y_up{source=\"a\"} 1.0\n");
    }

    @Test
    void areReusedWhileTheChangesReadTheSame() throws IOException {
      List<Deflated> first = pieces();
      value[0] = 0; // a change whose counter has not moved yet

      List<Deflated> second = pieces();

      assertThat(second.get(0)).isSameAs(first.get(0));
      assertThat(text(second)).contains("x_up{source=\"a\"} 1.0\n", "y_up{source=\"a\"} 0.0\n");
    }

    @Test
    void areWrittenAgainOnceTheChangesMoved() throws IOException {
      List<Deflated> first = pieces();
      value[0] = 0;
      changes.incrementAndGet();

      List<Deflated> second = pieces();

      assertThat(second.get(0)).isNotSameAs(first.get(0));
      assertThat(text(second)).contains("x_up{source=\"a\"} 0.0\n", "y_up{source=\"a\"} 0.0\n");
    }

    @Test
    void doNotReachAScrapeThatIsNotInPieces() throws IOException {
      pieces();
      value[0] = 0;
      ByteArrayOutputStream direct = new ByteArrayOutputStream();

      RegistryText.write(
          direct, registry, n -> true, OpenMetricsTextFormatWriter.create(), Format.OPENMETRICS);

      assertThat(direct.toString(UTF_8)).contains("x_up{source=\"a\"} 0.0\n");
    }
  }
}
