package io.marketplaceexporter.http;

import io.javalin.http.Context;
import io.marketplaceexporter.metrics.ContractExposition;
import io.marketplaceexporter.metrics.ContractExposition.Format;
import io.marketplaceexporter.metrics.Deflated;
import io.marketplaceexporter.metrics.RegistryText;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/**
 * {@code GET /metrics}: Prometheus text or OpenMetrics by {@code Accept}, gzip when asked, and the
 * {@code name[]} filter of the Prometheus client libraries. It only reads current state.
 *
 * <p>The text formats without {@code name[]} (what Prometheus asks) take the fast path: the
 * business families as {@link ContractExposition} keeps them rendered and compressed, shared by
 * every scrape, and the rest of the registry rendered here; each answer then holds only its list of
 * pieces and that small rest while it is sent. Every other answer is rendered into memory whole
 * (compressed when gzip is asked) and then sent. Only the rendering counts as a scrape for {@link
 * ScrapePriority}; sending does not. {@code /metrics} needs no credential, so a client that asks
 * and then reads slowly or not at all must not make authenticated ingest wait, as it did while the
 * exposition was streamed to the socket. At most {@link #MAX_IN_FLIGHT} answers are in flight: more
 * concurrent requests are answered 503 with {@code Retry-After} rather than let readers that never
 * read pile up copies and threads (a Prometheus pair scrapes twice at a time).
 */
final class MetricsHandler {
  /** Answers of {@code /metrics} rendered or being sent at once. */
  static final int MAX_IN_FLIGHT = 8;

  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final PrometheusRegistry registry;
  private final ScrapePriority priority;
  private final ExpositionFormats formats = ExpositionFormats.init();
  private final ContractExposition exposition;

  /** {@code exposition} may be null: then every answer is rendered per request. */
  MetricsHandler(
      PrometheusRegistry registry, ScrapePriority priority, ContractExposition exposition) {
    this.registry = registry;
    this.priority = priority;
    this.exposition = exposition;
  }

  /** The size of the last answer, so that the next one's buffer rarely grows. */
  private volatile int lastSize = 64 * 1024;

  void handle(Context ctx) throws IOException {
    if (!inFlight.tryAcquire()) {
      ctx.header("Retry-After", "1");
      throw new BadRequest(
          503, "more than " + MAX_IN_FLIGHT + " /metrics requests in flight; retry later");
    }
    try {
      renderAndSend(ctx);
    } finally {
      inFlight.release();
    }
  }

  private void renderAndSend(Context ctx) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(ctx.header("Accept"));
    Format format = fastFormat(writer);
    if (format != null && exposition != null && ctx.queryParams("name[]").isEmpty()) {
      sendPieces(ctx, writer, format);
      return;
    }
    ByteArrayOutputStream rendered;
    priority.scrapeStarted();
    try {
      rendered = render(ctx);
    } finally {
      priority.scrapeEnded();
    }
    lastSize = rendered.size();
    try (OutputStream out = ctx.outputStream()) {
      rendered.writeTo(out);
    }
  }

  private static Format fastFormat(ExpositionFormatWriter writer) {
    String type = writer.getContentType();
    if (type.startsWith("text/plain")) {
      return Format.TEXT;
    }
    return type.startsWith("application/openmetrics-text") ? Format.OPENMETRICS : null;
  }

  private static boolean gzip(Context ctx) {
    String encoding = ctx.header("Accept-Encoding");
    return encoding != null && encoding.contains("gzip");
  }

  /**
   * The fast path: the contract families as rendered and compressed ahead by {@link
   * ContractExposition}, sent first, then the rest of the registry (the exporter's own, JVM and
   * process families, and OpenMetrics' {@code # EOF}) rendered here while the client reads and
   * inflates the first part: at 100,000 series rendering the rest took 2.7 ms, all before the first
   * byte when it came first. Only taking the pieces and rendering the rest count as a scrape for
   * {@link ScrapePriority}, not sending them.
   */
  private void sendPieces(Context ctx, ExpositionFormatWriter writer, Format format)
      throws IOException {
    List<Deflated> pieces;
    priority.scrapeStarted();
    try {
      pieces = exposition.pieces(format);
    } finally {
      priority.scrapeEnded();
    }
    ctx.contentType(writer.getContentType());
    boolean gzip = gzip(ctx);
    if (gzip) {
      ctx.header("Content-Encoding", "gzip");
    }
    try (OutputStream out = new BufferedOutputStream(ctx.outputStream(), 64 * 1024)) {
      Deflated.GzipMember member = gzip ? new Deflated.GzipMember(out) : null;
      send(out, member, pieces);
      // Javalin's stream does not pass a flush on; the servlet's own stream under it does.
      out.flush();
      ctx.res().getOutputStream().flush();
      List<Deflated> rest;
      priority.scrapeStarted();
      try {
        rest = exposition.rest(format, registry, writer, ContractExposition.length(pieces));
      } finally {
        priority.scrapeEnded();
      }
      send(out, member, rest);
      if (member != null) {
        member.finish();
      }
    }
  }

  private static void send(OutputStream out, Deflated.GzipMember member, List<Deflated> pieces)
      throws IOException {
    if (member != null) {
      member.write(pieces);
    } else {
      Deflated.writePlain(out, pieces);
    }
  }

  private ByteArrayOutputStream render(Context ctx) throws IOException {
    List<String> names = ctx.queryParams("name[]");
    Predicate<String> filter =
        names.isEmpty()
            ? name -> true
            : MetricNameFilter.builder().nameMustBeEqualTo(names).build();
    ExpositionFormatWriter writer = formats.findWriter(ctx.header("Accept"));
    ctx.contentType(writer.getContentType());
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(lastSize + lastSize / 8);
    if (gzip(ctx)) {
      ctx.header("Content-Encoding", "gzip");
      try (OutputStream out = new GZIPOutputStream(buffer, 64 * 1024)) {
        write(out, filter, writer);
      }
    } else {
      write(buffer, filter, writer);
    }
    return buffer;
  }

  /** The text formats through {@link RegistryText}, the others through the client library. */
  private void write(OutputStream out, Predicate<String> filter, ExpositionFormatWriter writer)
      throws IOException {
    Format format = fastFormat(writer);
    if (format != null) {
      RegistryText.write(out, registry, filter, writer, format);
    } else {
      writer.write(out, registry.scrape(filter));
    }
  }
}
