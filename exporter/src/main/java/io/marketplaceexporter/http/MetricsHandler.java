package io.marketplaceexporter.http;

import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: Prometheus text or OpenMetrics by {@code Accept}, gzip when asked, and the
 * {@code name[]} filter of the Prometheus client libraries. It only reads current state.
 */
final class MetricsHandler {
  private final PrometheusRegistry registry;
  private final ScrapePriority priority;
  private final ExpositionFormats formats = ExpositionFormats.init();

  MetricsHandler(PrometheusRegistry registry, ScrapePriority priority) {
    this.registry = registry;
    this.priority = priority;
  }

  void handle(Context ctx) throws IOException {
    priority.scrapeStarted();
    try {
      render(ctx);
    } finally {
      priority.scrapeEnded();
    }
  }

  private void render(Context ctx) throws IOException {
    List<String> names = ctx.queryParams("name[]");
    MetricSnapshots snapshots =
        names.isEmpty()
            ? registry.scrape()
            : registry.scrape(MetricNameFilter.builder().nameMustBeEqualTo(names).build());
    ExpositionFormatWriter writer = formats.findWriter(ctx.header("Accept"));
    ctx.contentType(writer.getContentType());
    String encoding = ctx.header("Accept-Encoding");
    // Streamed straight to the client: a large scrape is never held (and copied) in memory.
    if (encoding != null && encoding.contains("gzip")) {
      ctx.header("Content-Encoding", "gzip");
      try (OutputStream out = new GZIPOutputStream(ctx.outputStream(), 64 * 1024)) {
        writer.write(out, snapshots);
      }
    } else {
      try (OutputStream out = new BufferedOutputStream(ctx.outputStream(), 64 * 1024)) {
        writer.write(out, snapshots);
      }
    }
  }
}
