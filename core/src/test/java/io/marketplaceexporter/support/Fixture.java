package io.marketplaceexporter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.ingest.IngestResult;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.metrics.BuildInfo;
import io.marketplaceexporter.metrics.ContractMetrics;
import io.marketplaceexporter.metrics.ExporterMetrics;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.Shard;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** State, ingest and metrics wired on a fresh registry, without HTTP. */
public final class Fixture {
  private static final ObjectMapper JSON = new ObjectMapper();

  public final TestClock clock;
  public final PrometheusRegistry registry = new PrometheusRegistry();
  public final MarketplaceState state;
  public final IngestService ingest;

  public Fixture(ExporterConfig config, TestClock clock) {
    this.clock = clock;
    this.state = new MarketplaceState(config.limits(), config.price(), clock);
    this.ingest = new IngestService(state, config.ingest(), new Shard(config.shard()));
    ContractMetrics.register(registry, state);
    ExporterMetrics.register(registry, state, new BuildInfo("test", "abc123"));
  }

  public static Fixture create() {
    return new Fixture(ExporterConfig.defaults(), TestClock.at("2026-11-24T08:00:00Z"));
  }

  /** Sends a JSON event or array through the real ingest path. */
  public IngestResult send(String json) {
    try {
      JsonNode node = JSON.readTree(json);
      return ingest.ingest(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String scrapeText() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  public MetricsText scrape() {
    return new MetricsText(scrapeText());
  }

  /** Shorthand for {@code scrape().value(...)}. */
  public Double value(String name, String... labelPairs) {
    return scrape().value(name, labelPairs);
  }
}
