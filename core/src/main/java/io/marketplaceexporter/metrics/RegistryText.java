package io.marketplaceexporter.metrics;

import io.marketplaceexporter.metrics.ContractExposition.Format;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * Writes the families of a registry in the text format or OpenMetrics as client_java's writer does,
 * byte for byte and in its family order (by name), except that the {@link DirectFamily} ones write
 * their own sample lines. The other families go through the client library's writer in runs between
 * them; OpenMetrics' {@code # EOF}, which that writer puts after every run, is kept only at the
 * end.
 */
public final class RegistryText {
  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

  private RegistryText() {}

  /**
   * The scrape request that makes a {@link DirectFamily} hand itself over instead of a snapshot.
   */
  static final class Direct implements PrometheusScrapeRequest {
    private final List<DirectFamily> families = new ArrayList<>();

    void add(DirectFamily family) {
      families.add(family);
    }

    @Override
    public String getRequestPath() {
      return "/metrics";
    }

    @Override
    public String[] getParameterValues(String name) {
      return null;
    }
  }

  /**
   * Writes the families of {@code registry} that {@code names} accepts in {@code format}; {@code
   * writer} is the client library's writer of that format.
   */
  public static void write(
      OutputStream out,
      PrometheusRegistry registry,
      Predicate<String> names,
      ExpositionFormatWriter writer,
      Format format)
      throws IOException {
    Direct direct = new Direct();
    MetricSnapshots snapshots = registry.scrape(names, direct);
    if (direct.families.isEmpty()) {
      writer.write(out, snapshots); // streamed, its # EOF included: no copy of a large answer
      return;
    }
    writeMixed(out, snapshots, direct, writer, format);
    end(out, format);
  }

  /** Writes the end of an exposition in {@code format}: OpenMetrics' {@code # EOF}. */
  public static void end(OutputStream out, Format format) throws IOException {
    if (format == Format.OPENMETRICS) {
      out.write(EOF);
    }
  }

  /** The length of what {@link #end} writes. */
  public static int endLength(Format format) {
    return format == Format.OPENMETRICS ? EOF.length : 0;
  }

  /**
   * As {@link #write}, without the end ({@link #end}). Into a {@link Deflated.LastStream}, a family
   * that keeps its lines ({@link DirectFamily#keptWhile}) goes in as the piece it kept.
   */
  public static void writeFamilies(
      OutputStream out,
      PrometheusRegistry registry,
      Predicate<String> names,
      ExpositionFormatWriter writer,
      Format format)
      throws IOException {
    Direct direct = new Direct();
    MetricSnapshots snapshots = registry.scrape(names, direct);
    if (direct.families.isEmpty()) {
      List<MetricSnapshot> all = new ArrayList<>();
      snapshots.forEach(all::add);
      writeRun(out, all, writer, format);
      return;
    }
    writeMixed(out, snapshots, direct, writer, format);
  }

  /** The families in name order, the client library's in runs between the direct ones. */
  private static void writeMixed(
      OutputStream out,
      MetricSnapshots snapshots,
      Direct direct,
      ExpositionFormatWriter writer,
      Format format)
      throws IOException {
    List<MetricSnapshot> run = new ArrayList<>();
    DirectFamily[] own = direct.families.toArray(DirectFamily[]::new);
    Arrays.sort(own, Comparator.comparing(DirectFamily::prometheusName));
    SampleText text = new SampleText(64 * 1024);
    int next = 0;
    for (MetricSnapshot s : snapshots) {
      String name = s.getMetadata().getPrometheusName();
      while (next < own.length && own[next].prometheusName().compareTo(name) < 0) {
        writeRun(out, run, writer, format);
        writeFamily(out, own[next++], format, text);
      }
      run.add(s);
    }
    writeRun(out, run, writer, format);
    while (next < own.length) {
      writeFamily(out, own[next++], format, text);
    }
  }

  private static void writeRun(
      OutputStream out, List<MetricSnapshot> run, ExpositionFormatWriter writer, Format format)
      throws IOException {
    if (run.isEmpty()) {
      return;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(8 * 1024);
    writer.write(buffer, new MetricSnapshots(run));
    run.clear();
    byte[] bytes = buffer.toByteArray();
    int length = bytes.length;
    if (format == Format.OPENMETRICS && endsWithEof(bytes)) {
      length -= EOF.length;
    }
    out.write(bytes, 0, length);
  }

  private static boolean endsWithEof(byte[] bytes) {
    return bytes.length >= EOF.length
        && Arrays.equals(bytes, bytes.length - EOF.length, bytes.length, EOF, 0, EOF.length);
  }

  /**
   * Writes {@code family} into {@code out}; into an exposition's last piece ({@link
   * Deflated.LastStream}) a family that keeps its lines ({@link DirectFamily#keptWhile}) is put as
   * its compressed piece.
   */
  private static void writeFamily(
      OutputStream out, DirectFamily family, Format format, SampleText text) throws IOException {
    if (family.kept() && out instanceof Deflated.LastStream pieces) {
      pieces.append(family.piece(format, text));
    } else {
      writeDirect(out, family, format, text);
    }
  }

  /** Writes the header and lines of {@code family}, through {@code text}. */
  static void writeDirect(OutputStream out, DirectFamily family, Format format, SampleText text)
      throws IOException {
    text.clear();
    // As the client library, no header for a family without samples: the header leads the first
    // bytes written.
    text.streamTo(out, family.header(format));
    try {
      family.writeSamples(text);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    text.finish();
  }
}
