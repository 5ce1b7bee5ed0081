package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.metrics.ContractExposition.Format;
import io.marketplaceexporter.metrics.Deflated;
import io.marketplaceexporter.metrics.RegistryText;
import io.marketplaceexporter.model.MetricNames;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusProtobufWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The per-source families write their own lines (issue #18): byte for byte what the client
 * library's metrics wrote before, in both text formats, with and without a name filter.
 */
class SourceHealthTest {
  /** Names out of order, needing escaping, not ASCII, a prefix of another. */
  private static final List<String> SOURCES =
      List.of(
          "shopee-sg", "amazon-us", "q\"uote", "back\\slash", "店铺", "a", "a-1", "Z", "emoji-😀");

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusRegistry reference = new PrometheusRegistry();
  private final SourceHealth health = new SourceHealth(registry, SOURCES);
  private final ClientLibraryHealth old = new ClientLibraryHealth(reference, SOURCES);

  /**
   * The per-source families as SourceHealth registered them with the client library's metrics
   * before they wrote their own lines: the reference the direct lines are compared with. The other
   * families of SourceHealth did not change; the reference takes them from {@code registry}.
   */
  static final class ClientLibraryHealth {
    private final Map<String, double[]> status = new ConcurrentHashMap<>(); // up, last success
    private final Histogram duration;
    private final Counter errors;

    ClientLibraryHealth(PrometheusRegistry registry, List<String> sources) {
      for (String s : sources) {
        status.put(s, new double[] {0, Double.NaN});
      }
      GaugeWithCallback.builder()
          .name(MetricNames.SOURCE_UP)
          .help("1 when the last poll of the source succeeded (or was only throttled), else 0.")
          .labelNames("source")
          .callback(cb -> status.forEach((s, st) -> cb.call(st[0], s)))
          .register(registry);
      GaugeWithCallback.builder()
          .name(MetricNames.SOURCE_LAST_SUCCESS)
          .help("When the last successful poll of the source finished, in Unix seconds.")
          .unit(Unit.SECONDS)
          .labelNames("source")
          .callback(
              cb ->
                  status.forEach(
                      (s, st) -> {
                        if (!Double.isNaN(st[1])) {
                          cb.call(st[1], s);
                        }
                      }))
          .register(registry);
      duration =
          Histogram.builder()
              .name(MetricNames.POLL_DURATION)
              .help("How long polls of the source took, failed ones included.")
              .unit(Unit.SECONDS)
              .labelNames("source")
              .classicOnly()
              .classicUpperBounds(SourceHealth.DURATION_BUCKETS)
              .register(registry);
      errors =
          Counter.builder()
              .name(MetricNames.POLL_ERRORS)
              .help("Failed polls of the source, by reason.")
              .labelNames("source", "reason")
              .register(registry);
      for (String s : sources) {
        duration.labelValues(s);
        for (PollError e : PollError.values()) {
          errors.labelValues(s, e.label());
        }
      }
    }

    void succeeded(String source, double seconds, double now) {
      status.get(source)[0] = 1;
      status.get(source)[1] = now;
      duration.labelValues(source).observe(seconds);
    }

    void failed(String source, PollError reason, double seconds) {
      if (reason != PollError.THROTTLED) {
        status.get(source)[0] = 0;
      }
      duration.labelValues(source).observe(seconds);
      errors.labelValues(source, reason.label()).inc();
    }
  }

  private void succeeded(String source, double seconds, double now) {
    health.succeeded(source, seconds, now);
    old.succeeded(source, seconds, now);
  }

  private void failed(String source, PollError reason, double seconds) {
    health.failed(source, reason, seconds);
    old.failed(source, reason, seconds);
  }

  private static final Set<String> PER_SOURCE =
      Set.of(
          MetricNames.SOURCE_UP,
          MetricNames.SOURCE_LAST_SUCCESS,
          MetricNames.POLL_DURATION,
          MetricNames.POLL_ERRORS,
          "marketplace_exporter_poll_errors");

  /** Polls of every kind, durations on and between the bucket bounds. */
  private void poll() {
    succeeded("amazon-us", 0.3, 1.7644e9);
    succeeded("amazon-us", 0.1, 1.7644e9 + 60.5);
    succeeded("店铺", 61, 1.7644e9 + 1);
    succeeded("q\"uote", 2.5, 1.7644e9 + 2);
    failed("q\"uote", PollError.AUTH, 0.25);
    failed("back\\slash", PollError.THROTTLED, 10.000001);
    failed("a", PollError.TIMEOUT, 30);
    failed("a", PollError.TIMEOUT, 0.0);
    failed("emoji-😀", PollError.MALFORMED, 1);
    health.started(0.004);
    health.started(2);
  }

  private static ExpositionFormatWriter writer(Format format) {
    return format == Format.TEXT
        ? PrometheusTextFormatWriter.create()
        : OpenMetricsTextFormatWriter.create();
  }

  /**
   * What the client library's writer makes of the old per-source families and the unchanged rest of
   * SourceHealth's families.
   */
  private String clientLibrary(Predicate<String> names, ExpositionFormatWriter writer)
      throws IOException {
    List<MetricSnapshot> all = new ArrayList<>();
    reference.scrape(names).forEach(all::add);
    registry.scrape(n -> names.test(n) && !PER_SOURCE.contains(n)).forEach(all::add);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writer.write(out, new MetricSnapshots(all));
    return out.toString(StandardCharsets.UTF_8);
  }

  private String direct(Predicate<String> names, Format format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RegistryText.write(out, registry, names, writer(format), format);
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * As the exporter's fast path writes a scrape: in compressed pieces, the error counts and {@code
   * up} as they were kept since the last scrape unless they changed.
   */
  private String pieces(Format format) throws IOException {
    try (Deflated.LastStream out = new Deflated.LastStream(64)) {
      RegistryText.writeFamilies(out, registry, n -> true, writer(format), format);
      RegistryText.end(out, format);
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      Deflated.writePlain(plain, out.finishAll());
      return plain.toString(StandardCharsets.UTF_8);
    }
  }

  @Nested
  class KeptErrorsAndUp {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void areTheClientLibrarysBytes(Format format) throws IOException {
      poll();
      String first = pieces(format);

      assertThat(pieces(format))
          .isEqualTo(first)
          .isEqualTo(clientLibrary(n -> true, writer(format)));
    }

    @Test
    void aFailureAfterAScrapeIsInTheNextScrape() throws IOException {
      poll();
      pieces(Format.TEXT);

      failed("a", PollError.TIMEOUT, 0.2);
      failed("back\\slash", PollError.THROTTLED, 1);

      assertThat(pieces(Format.TEXT))
          .contains("marketplace_exporter_poll_errors_total{reason=\"timeout\",source=\"a\"} 3.0")
          .contains(
              "marketplace_exporter_poll_errors_total{reason=\"throttled\",source=\"back\\\\slash\"} 2.0")
          .isEqualTo(clientLibrary(n -> true, writer(Format.TEXT)));
    }

    @Test
    void aSourceGoingDownAndUpAgainIsInTheNextScrape() throws IOException {
      succeeded("amazon-us", 0.3, 1.7644e9);
      assertThat(pieces(Format.TEXT))
          .contains("marketplace_exporter_source_up{source=\"amazon-us\"} 1.0");

      failed("amazon-us", PollError.HTTP_5XX, 0.3);
      assertThat(pieces(Format.TEXT))
          .contains("marketplace_exporter_source_up{source=\"amazon-us\"} 0.0")
          .isEqualTo(clientLibrary(n -> true, writer(Format.TEXT)));

      succeeded("amazon-us", 0.3, 1.7644e9 + 60);
      assertThat(pieces(Format.TEXT))
          .contains("marketplace_exporter_source_up{source=\"amazon-us\"} 1.0")
          .isEqualTo(clientLibrary(n -> true, writer(Format.TEXT)));
    }
  }

  @Nested
  class FamiliesLargerThanTheWriteBuffer {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void areStreamedThroughItByteForByte(Format format) throws IOException {
      List<String> many =
          IntStream.range(0, 3_000).mapToObj(i -> (i % 7 == 0 ? "q\"" : "shop-") + i).toList();
      PrometheusRegistry ours = new PrometheusRegistry();
      PrometheusRegistry theirs = new PrometheusRegistry();
      SourceHealth h = new SourceHealth(ours, many);
      ClientLibraryHealth c = new ClientLibraryHealth(theirs, many);
      for (int i = 0; i < many.size(); i += 2) {
        h.succeeded(many.get(i), i % 11, 1.7644e9 + i);
        c.succeeded(many.get(i), i % 11, 1.7644e9 + i);
        h.failed(many.get(i + 1), PollError.values()[i % PollError.values().length], 0.3);
        c.failed(many.get(i + 1), PollError.values()[i % PollError.values().length], 0.3);
      }
      ByteArrayOutputStream direct = new ByteArrayOutputStream();
      RegistryText.write(direct, ours, PER_SOURCE::contains, writer(format), format);
      ByteArrayOutputStream reference = new ByteArrayOutputStream();
      writer(format).write(reference, theirs.scrape(PER_SOURCE::contains));

      assertThat(direct.size()).isGreaterThan(1_000_000);
      assertThat(direct.toString(StandardCharsets.UTF_8))
          .isEqualTo(reference.toString(StandardCharsets.UTF_8));
    }
  }

  @Nested
  class TheSameBytesAsTheClientLibrarysMetrics {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void beforeAnyPoll(Format format) throws IOException {
      assertThat(direct(n -> true, format)).isEqualTo(clientLibrary(n -> true, writer(format)));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void afterSuccessesFailuresAndThrottling(Format format) throws IOException {
      poll();

      String ours = direct(n -> true, format);

      assertThat(ours).isEqualTo(clientLibrary(n -> true, writer(format)));
      assertThat(ours)
          .contains(
              "marketplace_exporter_poll_errors_total{reason=\"auth\",source=\"q\\\"uote\"} 1.0")
          .contains(
              "marketplace_exporter_poll_duration_seconds_bucket{source=\"店铺\",le=\"+Inf\"} 1");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void withTheNameFilterTheBenchUses(Format format) throws IOException {
      poll();
      Predicate<String> names =
          MetricNameFilter.builder()
              .nameMustBeEqualTo(
                  MetricNames.POLL_DURATION,
                  MetricNames.POLL_DELAY,
                  MetricNames.POLL_ERRORS,
                  MetricNames.POLL_CONCURRENCY_LIMIT,
                  MetricNames.POLLS_IN_FLIGHT)
              .build();

      String ours = direct(names, format);

      assertThat(ours).isEqualTo(clientLibrary(names, writer(format)));
      assertThat(ours).doesNotContain(MetricNames.SOURCE_UP);
    }

    @Test
    void theProtobufFormatGetsTheSameSnapshots() throws IOException {
      poll();
      PrometheusProtobufWriter protobuf = new PrometheusProtobufWriter();

      String ours = protobuf.toDebugString(registry.scrape(PER_SOURCE::contains));

      assertThat(withoutCreatedTime(ours))
          .isEqualTo(withoutCreatedTime(protobuf.toDebugString(reference.scrape())));
      assertThat(ours).contains("created_timestamp");
    }

    /** Both registries were made a few milliseconds apart: created timestamps differ that much. */
    private String withoutCreatedTime(String debug) {
      return debug.replaceAll("(?s)created_timestamp \\{[^}]*\\}", "created_timestamp {}");
    }
  }

  @Nested
  class EveryScrapeReadsTheCountsNow {
    @Test
    void aPollAfterAScrapeIsInTheNextScrape() throws IOException {
      poll();
      String before = direct(n -> true, Format.TEXT);

      failed("a", PollError.TIMEOUT, 0.2);

      String after = direct(n -> true, Format.TEXT);
      assertThat(before)
          .contains("marketplace_exporter_poll_errors_total{reason=\"timeout\",source=\"a\"} 2.0");
      assertThat(after)
          .contains("marketplace_exporter_poll_errors_total{reason=\"timeout\",source=\"a\"} 3.0")
          .isEqualTo(clientLibrary(n -> true, writer(Format.TEXT)));
    }
  }
}
