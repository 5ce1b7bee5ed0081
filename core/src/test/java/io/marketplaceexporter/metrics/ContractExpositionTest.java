package io.marketplaceexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.AlertingConfig;
import io.marketplaceexporter.config.LimitsConfig;
import io.marketplaceexporter.config.PriceConfig;
import io.marketplaceexporter.metrics.ContractExposition.Format;
import io.marketplaceexporter.model.MetricNames;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.model.Vocabulary.ChangeKind;
import io.marketplaceexporter.model.Vocabulary.FailureReason;
import io.marketplaceexporter.model.Vocabulary.Outcome;
import io.marketplaceexporter.model.Vocabulary.PaymentStatus;
import io.marketplaceexporter.model.Vocabulary.SyncJob;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import io.marketplaceexporter.state.Change;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.PriceObservation;
import io.marketplaceexporter.support.PrometheusStack;
import io.marketplaceexporter.support.Promtool;
import io.marketplaceexporter.support.TestClock;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContractExpositionTest {
  /** Shop names that need escaping or are not ASCII, a lone surrogate included. */
  private static final List<String> SHOPS =
      List.of("plain", "q\"uote", "back\\slash", "new\nline", "店铺-中文", "emoji-😀", "lone-\uD800x");

  private final TestClock clock = TestClock.at("2026-11-24T08:00:00Z");
  private final MarketplaceState state =
      new MarketplaceState(LimitsConfig.defaults(), PriceConfig.defaults(), clock);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ContractExposition exposition =
      ContractMetrics.register(registry, state, alerting());

  @AfterEach
  void close() {
    exposition.close();
  }

  private static AlertingConfig alerting() {
    return new AlertingConfig(
        List.of(
            new AlertingConfig.SyncSchedule(
                "amazon", "US", "plain", "erp", "orders", Duration.ofMinutes(30)),
            new AlertingConfig.SyncSchedule(
                "shopee", "SG", "nobody", "erp", "orders", Duration.ofHours(1))),
        List.of(new AlertingConfig.Threshold("amazon", "US", "q\"uote", "", "", 0.2, null, null)),
        List.of(new AlertingConfig.ChangeScope("checkout", "amazon", "", "")));
  }

  private void load(ShopKey k, int n) {
    state.orders(k, Outcome.SUCCESS, null, 3 + n);
    state.orders(k, Outcome.FAILURE, FailureReason.PAYMENT, 1);
    state.backlog(k, 7, 1.7644e9 + n);
    state.sync(k, "erp", SyncJob.ORDERS, Outcome.SUCCESS, 1.7644e9 + 0.25, 600);
    state.sync(k, "wms \"x\"", SyncJob.INVENTORY, Outcome.FAILURE, 1.7644e9, Double.NaN);
    state.apiCall(k, "getOrders", ApiCode.C2XX, 0.3, 100, 99.5);
    state.apiCall(k, "get\\Items", ApiCode.C429, 12, Double.NaN, Double.NaN);
    state.token(k, TokenKind.ACCESS, 1.7645e9);
    state.priceSeries(k);
    state.price(k, "sku-" + n, new PriceObservation(10, "USD", 1, true));
    state.price(k, "sku-" + n, new PriceObservation(0, "USD", 1, true));
    state.inventory(k, "sku-" + n, -3);
    state.payment(k, "gw \"new\"", "p-" + n, PaymentStatus.CAPTURED, 1.7644e9 + n);
    state.payment(k, "gw-legacy", "q-" + n, PaymentStatus.CAPTURED, 1.7644e9);
    state.payment(k, "gw-legacy", "q-" + n, PaymentStatus.MATCHED, Double.NaN);
  }

  private void loadRich() {
    int n = 0;
    for (String shop : SHOPS) {
      load(new ShopKey("amazon", "US", shop), n++);
      load(new ShopKey("shopee", "SG", shop), n++);
    }
    state.change(new Change("checkout", ChangeKind.DEPLOY, "v1.2 \"hot\"", 1.7644e9, null));
    state.change(new Change("pricing", ChangeKind.CONFIG, "r7", 1.7644e9 + 60, null));
  }

  private static ExpositionFormatWriter writer(Format format) {
    return format == Format.TEXT
        ? PrometheusTextFormatWriter.create()
        : OpenMetricsTextFormatWriter.create();
  }

  /** What client_java's writer makes of the whole registry. */
  private String clientLibrary(Format format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer(format).write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** A scrape through the cache, gzip decoded by the JDK (which checks the CRC and length). */
  private String cached(Format format) {
    try {
      List<Deflated> pieces = exposition.scrape(format, registry, writer(format));
      ByteArrayOutputStream gz = new ByteArrayOutputStream();
      Deflated.writeGzip(gz, pieces);
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      Deflated.writePlain(plain, pieces);
      String text;
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      assertThat(plain.toString(StandardCharsets.UTF_8)).as("without gzip").isEqualTo(text);
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Family blocks by their header lines, each with its sample lines sorted: the order of samples
   * inside a family is free in both formats, everything else must be the same.
   */
  static Map<String, List<String>> blocks(String text, Format format) {
    String body = text;
    if (format == Format.OPENMETRICS) {
      assertThat(text).endsWith("\n# EOF\n");
      assertThat(text.indexOf("# EOF")).as("one # EOF").isEqualTo(text.lastIndexOf("# EOF"));
      body = text.substring(0, text.length() - "# EOF\n".length());
    }
    Map<String, List<String>> blocks = new LinkedHashMap<>();
    StringBuilder header = new StringBuilder();
    List<String> samples = null;
    for (String line : body.split("\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        if (samples != null) {
          put(blocks, header.toString(), samples);
          header.setLength(0);
          samples = null;
        }
        header.append(line).append('\n');
      } else {
        assertThat(SAMPLE.matcher(line).matches()).as("a sample line: %s", line).isTrue();
        if (samples == null) {
          samples = new ArrayList<>();
        }
        // The lag is a time; the cache's differs from a scrape that renders per request.
        samples.add(line.startsWith(LAG + " ") ? LAG : line);
      }
    }
    if (samples != null) {
      put(blocks, header.toString(), samples);
    }
    return blocks;
  }

  private static final String LAG = MetricNames.EXPOSITION_LAG;

  private static final Pattern SAMPLE =
      Pattern.compile(
          "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-z_]+=\"([^\"\\\\\\n]|\\\\.)*\",?)*\\})? \\S+");

  private static void put(Map<String, List<String>> blocks, String header, List<String> samples) {
    assertThat(blocks).as("family written twice: %s", header).doesNotContainKey(header);
    samples.sort(null);
    blocks.put(header, samples);
  }

  @Nested
  class SameAsTheClientLibrary {
    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void sameFamiliesHeadersAndSamplesOnARichState(Format format) {
      loadRich();
      Map<String, List<String>> expected = blocks(clientLibrary(format), format);
      Map<String, List<String>> ours = blocks(cached(format), format);

      assertThat(ours).isEqualTo(expected);
      assertThat(ours.keySet()).hasSizeGreaterThan(20);
      assertThat(String.join("", ours.get(firstKeyContaining(ours, "marketplace_orders_total{"))))
          .isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void contractFamiliesComeInTheClientLibrarysOrderBeforeTheRest(Format format) {
      loadRich();
      List<String> expected =
          blocks(clientLibrary(format), format).keySet().stream()
              .filter(h -> exposition.covers(familyName(h)))
              .toList();
      List<String> ours = new ArrayList<>(blocks(cached(format), format).keySet());

      assertThat(ours.subList(0, expected.size())).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void anEmptyStateWritesNoContractFamilyButTheConfiguredOnes(Format format) {
      assertThat(blocks(cached(format), format)).isEqualTo(blocks(clientLibrary(format), format));
    }

    @ParameterizedTest(name = "promtool of {0}")
    @EnumSource(PrometheusStack.class)
    void promtoolAcceptsTheTextFormat(PrometheusStack stack) {
      loadRich();
      Promtool.Result r = Promtool.run(stack, cached(Format.TEXT), "check", "metrics");

      assertThat(r.exitCode()).as(r.output()).isZero();
    }
  }

  private static String firstKeyContaining(Map<String, List<String>> blocks, String sample) {
    return blocks.entrySet().stream()
        .filter(e -> e.getValue().stream().anyMatch(l -> l.startsWith(sample)))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  /** The family named in a block's first header line. */
  private static String familyName(String header) {
    return header.split(" ")[2];
  }

  @Nested
  class Freshness {
    @Test
    void aChangeIsExposedByTheNextPass() {
      ShopKey k = new ShopKey("amazon", "US", "plain");
      load(k, 0);
      assertThat(cached(Format.TEXT))
          .contains("outcome=\"success\",shop=\"plain\",site=\"US\"} 3.0");

      state.orders(k, Outcome.SUCCESS, null, 2);
      exposition.pass();

      assertThat(cached(Format.TEXT))
          .contains("outcome=\"success\",shop=\"plain\",site=\"US\"} 5.0");
    }

    @Test
    void aScrapeRightAfterAFewWritesSeesThem() {
      ShopKey k = new ShopKey("amazon", "US", "plain");
      load(k, 0);
      cached(Format.TEXT); // the renderer runs from here

      state.orders(k, Outcome.SUCCESS, null, 2);

      assertThat(cached(Format.TEXT)).contains("shop=\"plain\",site=\"US\"} 5.0");
    }

    @Test
    void theRendererExposesAChangeOnItsOwnWithinTheBound() throws InterruptedException {
      ShopKey k = new ShopKey("amazon", "US", "plain");
      load(k, 0);
      cached(Format.TEXT); // starts the renderer

      state.orders(k, Outcome.SUCCESS, null, 2);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!cached(Format.TEXT).contains("shop=\"plain\",site=\"US\"} 5.0")) {
        assertThat(System.nanoTime()).as("exposed within 30 s").isLessThan(deadline);
        Thread.sleep(20);
      }
      assertThat(exposition.lagSeconds()).isLessThan(30);
    }

    @Test
    void aRemovedShopDisappears() {
      loadRich();
      ShopKey gone = new ShopKey("amazon", "US", "q\"uote");
      assertThat(cached(Format.TEXT)).contains("shop=\"q\\\"uote\"");

      state.retire(gone);
      exposition.pass();

      String text = cached(Format.TEXT);
      assertThat(text).contains("shopee\",outcome=\"success\",shop=\"q\\\"uote\"");
      assertThat(text).doesNotContain("amazon\",outcome=\"success\",shop=\"q\\\"uote\"");
      assertThat(blocks(text, Format.TEXT))
          .isEqualTo(blocks(clientLibrary(Format.TEXT), Format.TEXT));
    }

    @Test
    void aNewShopAppearsAndTheChunksFollowTheShopCount() {
      for (int i = 0; i < 300; i++) {
        load(new ShopKey("lazada", "TH", "s" + i), i);
        if (i % 50 == 0) {
          exposition.pass();
        }
      }
      exposition.pass();

      assertThat(blocks(cached(Format.OPENMETRICS), Format.OPENMETRICS))
          .isEqualTo(blocks(clientLibrary(Format.OPENMETRICS), Format.OPENMETRICS));
    }
  }

  @Nested
  class UnderConcurrentIngest {
    @Test
    void everyScrapeIsAValidExpositionWhileShopsChangeComeAndGo() throws InterruptedException {
      loadRich();
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        long seed = w;
        Thread t =
            new Thread(
                () -> {
                  Random random = new Random(seed);
                  try {
                    while (!stop.get()) {
                      ShopKey k = new ShopKey("tiktok", "US", "s" + random.nextInt(200));
                      if (random.nextInt(10) == 0) {
                        state.retire(k);
                      } else {
                        load(k, random.nextInt(1000));
                      }
                    }
                  } catch (Throwable e) {
                    failed.set(e);
                  }
                });
        t.start();
        writers.add(t);
      }
      try {
        for (int i = 0; i < 60; i++) {
          exposition.pass();
          Format format = i % 2 == 0 ? Format.TEXT : Format.OPENMETRICS;
          Map<String, List<String>> b = blocks(cached(format), format);
          assertThat(b).isNotEmpty();
        }
      } finally {
        stop.set(true);
        for (Thread t : writers) {
          t.join();
        }
      }
      assertThat(failed.get()).isNull();
      exposition.pass();
      for (Format format : Format.values()) {
        assertThat(blocks(cached(format), format)).isEqualTo(blocks(clientLibrary(format), format));
      }
    }
  }

  @Nested
  class SteadyLength {
    /** An exposition that pads every answer, as one of 32 MiB or more is. */
    private final ContractExposition padded =
        new ContractExposition(state, new AlertingSeries(alerting()), new SteadySize(1));

    @AfterEach
    void closePadded() {
      padded.close();
    }

    /** A padded scrape's gzip answer, decoded by the JDK (which checks the CRC and length). */
    private byte[] answer(Format format) {
      try {
        List<Deflated> pieces = padded.scrape(format, registry, writer(format));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        Deflated.writeGzip(gz, pieces);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
          return in.readAllBytes();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private String scrape(Format format) {
      return new String(answer(format), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void answersOfDifferentTextHaveOneLengthEndingHalfAWindowPastAWindow(Format format) {
      ShopKey k = new ShopKey("amazon", "US", "plain");
      load(k, 0);
      byte[] first = answer(format);
      state.orders(k, Outcome.SUCCESS, null, 5000);
      padded.pass();
      byte[] second = answer(format);

      assertThat(new String(second, StandardCharsets.UTF_8))
          .contains("outcome=\"success\",shop=\"plain\",site=\"US\"} 5003.0");
      assertThat(second).hasSameSizeAs(first);
      assertThat(first.length % SteadySize.WINDOW).isEqualTo(SteadySize.WINDOW / 2);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Format.class)
    void thePaddingIsTheLastLineBeforeTheEndAndTheRestIsUnchanged(Format format) {
      loadRich();
      String text = scrape(format);
      String end = format == Format.OPENMETRICS ? "# EOF\n" : "";
      String body = text.substring(0, text.length() - end.length());
      int line = body.lastIndexOf("\n", body.length() - 2) + 1;

      assertThat(text).endsWith(end);
      assertThat(body.substring(line))
          .startsWith("# HELP marketplace_exporter_exposition_padding ")
          .matches("[^\n]+ \n");
      assertThat(blocks(body.substring(0, line) + end, format))
          .isEqualTo(blocks(clientLibrary(format), format));
    }

    @ParameterizedTest(name = "promtool of {0}")
    @EnumSource(PrometheusStack.class)
    void promtoolAcceptsThePaddedTextFormat(PrometheusStack stack) {
      loadRich();
      String text = scrape(Format.TEXT);
      Promtool.Result r = Promtool.run(stack, text, "check", "metrics");

      assertThat(text).contains("# HELP marketplace_exporter_exposition_padding ");
      assertThat(r.exitCode()).as(r.output()).isZero();
    }
  }

  @Nested
  class Crc {
    @Test
    void theCombinedCrcIsTheCrcOfTheConcatenation() {
      Random random = new Random(1);
      for (int i = 0; i < 200; i++) {
        byte[] a = new byte[random.nextInt(3000)];
        byte[] b = new byte[random.nextInt(3000)];
        random.nextBytes(a);
        random.nextBytes(b);
        CRC32 whole = new CRC32();
        whole.update(a);
        whole.update(b);

        assertThat(Deflated.combine(crc(a), crc(b), b.length)).isEqualTo((int) whole.getValue());
      }
    }

    private int crc(byte[] b) {
      CRC32 c = new CRC32();
      c.update(b);
      return (int) c.getValue();
    }
  }
}
