package io.marketplaceexporter.http;

import io.javalin.http.Context;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: Prometheus text or OpenMetrics by {@code Accept}, gzip when asked, and the
 * {@code name[]} filter of the Prometheus client libraries. It only reads current state.
 */
final class MetricsHandler {
  private final PrometheusRegistry registry;
  private final ExpositionFormats formats = ExpositionFormats.init();

  MetricsHandler(PrometheusRegistry registry) {
    this.registry = registry;
  }

  void handle(Context ctx) throws IOException {
    List<String> names = ctx.queryParams("name[]");
    MetricSnapshots snapshots =
        names.isEmpty()
            ? registry.scrape()
            : registry.scrape(MetricNameFilter.builder().nameMustBeEqualTo(names).build());
    ExpositionFormatWriter writer = formats.findWriter(ctx.header("Accept"));
    ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
    String encoding = ctx.header("Accept-Encoding");
    if (encoding != null && encoding.contains("gzip")) {
      try (GZIPOutputStream gzip = new GZIPOutputStream(body, 8192)) {
        writer.write(gzip, snapshots);
      }
      ctx.header("Content-Encoding", "gzip");
    } else {
      writer.write(body, snapshots);
    }
    ctx.contentType(writer.getContentType()).result(body.toByteArray());
  }
}
