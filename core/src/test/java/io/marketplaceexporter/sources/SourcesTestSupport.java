package io.marketplaceexporter.sources;

import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.IngestConfig;
import io.marketplaceexporter.config.LimitsConfig;
import io.marketplaceexporter.config.PollingConfig;
import io.marketplaceexporter.config.PriceConfig;
import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.metrics.BuildInfo;
import io.marketplaceexporter.metrics.ContractMetrics;
import io.marketplaceexporter.metrics.ExporterMetrics;
import io.marketplaceexporter.state.MarketplaceState;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh exporter core for one source test: a settable clock, state, ingest, a registry with the
 * contract and exporter metrics, and helpers to build sources from YAML and read metric values
 * back.
 *
 * <p>Source metrics appear once a source is configured: {@link #scheduler} registers them on the
 * same registry, as the exporter does.
 */
public final class SourcesTestSupport {
  public static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  public final TestClock clock = new TestClock(NOW);
  public final MarketplaceState state;
  public final IngestService ingest;
  public final PrometheusRegistry registry = new PrometheusRegistry();

  public SourcesTestSupport() {
    this(LimitsConfig.defaults());
  }

  /** With {@code limits} instead of the defaults (a small series limit, say). */
  public SourcesTestSupport(LimitsConfig limits) {
    state = new MarketplaceState(limits, PriceConfig.defaults(), clock);
    ingest = new IngestService(state, IngestConfig.defaults());
    ContractMetrics.register(registry, state);
    ExporterMetrics.register(registry, state, BuildInfo.load());
  }

  /** The sources of a YAML {@code sources:} section (the text after {@code sources:}). */
  public static List<SourceConfig> configs(String yaml) {
    ExporterConfig c = ConfigLoader.parse("sources:\n" + yaml);
    return c.sources();
  }

  public Source source(String yaml, Map<String, String> env) {
    return Sources.create(configs(yaml), env, ingest, HttpClients.shared(), clock).get(0);
  }

  /** A scheduler (not started) for the sources, without jitter; registers the source metrics. */
  public SourceScheduler scheduler(List<Source> sources) {
    SourceHealth health = new SourceHealth(registry, sources.stream().map(Source::name).toList());
    return new SourceScheduler(
        sources, new PollingConfig(2, 0, Duration.ofMinutes(10)), health, clock, new Random(1));
  }

  public String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static final Pattern SAMPLE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /**
   * The value of the sample named {@code name} whose labels include {@code labels} (name, value
   * pairs); NaN when there is none, the sum when several match.
   */
  public double value(String name, String... labels) {
    Map<String, String> want = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      want.put(labels[i], labels[i + 1]);
    }
    double sum = Double.NaN;
    for (String line : scrape().split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      Map<String, String> have = new TreeMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          have.put(l.group(1), l.group(2));
        }
      }
      if (have.entrySet().containsAll(want.entrySet())) {
        double v = Double.parseDouble(m.group(3));
        sum = Double.isNaN(sum) ? v : sum + v;
      }
    }
    return sum;
  }

  /** A test resource as text, e.g. {@code fixture("amazon/get-orders.json")}. */
  public static String fixture(String path) {
    try (InputStream in = SourcesTestSupport.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code body} and returns what was written to System.err meanwhile (log output). */
  public static String captureStderr(ThrowingRunnable body) throws Exception {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setErr(old);
    }
    return buf.toString(StandardCharsets.UTF_8);
  }

  /** A runnable that may throw. */
  @FunctionalInterface
  public interface ThrowingRunnable {
    void run() throws Exception;
  }

  /** A clock tests move by hand. */
  public static final class TestClock extends Clock {
    private volatile Instant now;

    public TestClock(Instant now) {
      this.now = now;
    }

    public void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
