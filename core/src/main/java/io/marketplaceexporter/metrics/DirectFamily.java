package io.marketplaceexporter.metrics;

import io.marketplaceexporter.metrics.ContractExposition.Format;
import io.marketplaceexporter.state.Samples;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.registry.PrometheusScrapeRequest;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * A counter, gauge or classic histogram family with many label sets (one per polled source) that
 * writes its own sample lines in the text formats, straight from the values it reads, instead of
 * building client_java's snapshot objects, sorting and validating them, and handing them to its
 * writer: that path cost a third of the exporter's CPU at 10,000 polled sources (bench/RESULTS.md).
 * The lines are the client library's, byte for byte ({@link SampleText}, {@link ContractFamily}),
 * and in its order, provided the source gives its label sets in client_java's order (label values
 * compared one after the other; {@code DirectFamilyTest} compares with the client library).
 *
 * <p>It is an ordinary {@link Collector}: for the protobuf format, for tests and for any scrape
 * that is not written by {@link RegistryText}, {@link #collect()} builds the client library's
 * snapshot from the same values. Only a scrape made by {@link RegistryText} gets the direct lines.
 */
public final class DirectFamily implements Collector {
  /**
   * A label set a source keeps across scrapes, its label pairs written as text once: escaping every
   * label value on every scrape was half of what the direct lines cost.
   */
  public static final class Series {
    final Labels labels;
    final byte[] pairs;

    public Series(Labels labels) {
      this.labels = labels;
      this.pairs = SampleText.pairs(labels);
    }

    public Labels labels() {
      return labels;
    }
  }

  /** Receives the samples of a counter or gauge family, one per label set. */
  @FunctionalInterface
  public interface Lines {
    /**
     * One sample of the label set {@code first} and {@code series} together; {@code first} is null
     * or holds label names that sort before those of {@code series}.
     */
    void add(double value, Series first, Series series);
  }

  /** Receives the histograms of a family, one per label set. */
  @FunctionalInterface
  public interface Histograms {
    /**
     * One label set's histogram: {@code counts} per bucket (not cumulative), the last one the
     * {@code +Inf} bucket; read them before returning, the array may be reused.
     */
    void add(Series series, long[] counts, double sum);
  }

  private final ContractFamily family;
  private final Consumer<Lines> samples;
  private final Consumer<Histograms> histograms;
  private final double[] bounds;
  private final long createdMillis;
  private final StateCollector snapshots;

  /** What moves whenever a sample changes; null: the lines are written anew at every scrape. */
  private final LongSupplier changes;

  /** Per format, the compressed lines of the last scrape and the {@link #changes} they show. */
  private final AtomicReferenceArray<Kept> kept =
      new AtomicReferenceArray<>(Format.values().length);

  private record Kept(long changes, Deflated piece) {}

  private DirectFamily(
      ContractFamily family,
      Consumer<Lines> samples,
      Consumer<Histograms> histograms,
      double[] bounds,
      long createdMillis,
      LongSupplier changes) {
    this.family = family;
    this.samples = samples;
    this.histograms = histograms;
    this.bounds = bounds;
    this.createdMillis = createdMillis;
    this.changes = changes;
    Consumer<Samples> labelled = samples == null ? null : out -> samples.accept(labelled(out));
    this.snapshots =
        switch (family.kind()) {
          case COUNTER ->
              StateCollector.counter(family.name(), family.help(), createdMillis, labelled);
          case GAUGE -> StateCollector.gauge(family.name(), family.help(), labelled);
          case HISTOGRAM -> null;
        };
  }

  private static Lines labelled(Samples out) {
    return (value, first, series) ->
        out.add(value, first == null ? series.labels : first.labels.merge(series.labels));
  }

  /**
   * A counter; {@code name} ends in {@code _total}. {@code source} gives label sets in order. Its
   * series were created at {@code createdMillis} (Unix ms, 0: not known): the protobuf format's
   * created timestamp, as the client library's counter has one.
   */
  public static DirectFamily counter(
      String name, String help, long createdMillis, Consumer<Lines> source) {
    return new DirectFamily(
        ContractFamily.counter(name, help), source, null, null, createdMillis, null);
  }

  /** A gauge ({@code _seconds} names get the unit). {@code source} gives label sets in order. */
  public static DirectFamily gauge(String name, String help, Consumer<Lines> source) {
    return new DirectFamily(ContractFamily.gauge(name, help), source, null, null, 0, null);
  }

  /**
   * A classic histogram in seconds with these finite upper bounds ({@code +Inf} is added); {@code
   * source} gives label sets in order; {@code createdMillis} as for {@link #counter}.
   */
  public static DirectFamily histogram(
      String name,
      String help,
      double[] upperBounds,
      long createdMillis,
      Consumer<Histograms> source) {
    double[] b = Arrays.copyOf(upperBounds, upperBounds.length + 1);
    b[upperBounds.length] = Double.POSITIVE_INFINITY;
    return new DirectFamily(
        ContractFamily.histogram(name, help), null, source, b, createdMillis, null);
  }

  /**
   * This family, its lines kept compressed between scrapes while {@code changes} reads the same:
   * for a family whose samples rarely change (per-source error counts, {@code up}) but that is
   * large, so that a scrape copies the lines instead of writing and compressing them again. {@code
   * changes} must move after (not before) every change of a sample, and a scrape reads it before
   * the samples, so that a change during a scrape shows at the next one at the latest.
   */
  public DirectFamily keptWhile(LongSupplier changes) {
    return new DirectFamily(family, samples, histograms, bounds, createdMillis, changes);
  }

  /** Whether {@link #piece} keeps the lines ({@link #keptWhile}). */
  boolean kept() {
    return changes != null;
  }

  /**
   * The family's header and lines in {@code format}, compressed on their own (not final): those of
   * an earlier scrape while {@link #keptWhile changes} reads the same, else written now through
   * {@code text} and kept.
   */
  Deflated piece(Format format, SampleText text) throws IOException {
    long now = changes.getAsLong();
    Kept k = kept.get(format.ordinal());
    if (k != null && k.changes() == now) {
      return k.piece();
    }
    Deflated piece;
    try (Deflated.LastStream out = new Deflated.LastStream(64 * 1024)) {
      RegistryText.writeDirect(out, this, format, text);
      piece = out.cut();
    }
    kept.set(format.ordinal(), new Kept(now, piece));
    return piece;
  }

  /** The family's name as client_java orders families (a counter's without {@code _total}). */
  String prometheusName() {
    return family.prometheusName();
  }

  /** The family's header lines in {@code format}. */
  byte[] header(Format format) {
    return family.header(format);
  }

  /** Writes the sample lines (the same in both text formats). */
  void writeSamples(SampleText out) {
    if (histograms == null) {
      byte[] name = family.sampleName();
      samples.accept(
          (value, first, series) ->
              out.sample(
                  name, first == null ? SampleText.EMPTY : first.pairs, series.pairs, value));
      return;
    }
    byte[] bucket = family.histogramPart("_bucket");
    byte[] count = family.histogramPart("_count");
    byte[] sum = family.histogramPart("_sum");
    histograms.accept(
        (series, counts, s) -> out.histogram(bucket, count, sum, series.pairs, bounds, counts, s));
  }

  @Override
  public MetricSnapshot collect() {
    if (snapshots != null) {
      return snapshots.collect();
    }
    HistogramSnapshot.Builder b =
        HistogramSnapshot.builder().name(family.name()).unit(Unit.SECONDS).help(family.help());
    histograms.accept(
        (series, counts, s) ->
            b.dataPoint(
                HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts.clone()))
                    .sum(s)
                    .labels(series.labels)
                    .createdTimestampMillis(createdMillis)
                    .build()));
    return b.build();
  }

  /** Skips the work for a scrape whose {@code name[]} filter excludes this family. */
  @Override
  public MetricSnapshot collect(Predicate<String> includedNames) {
    return wanted(includedNames) ? collect() : null;
  }

  /**
   * In a scrape made by {@link RegistryText}: no snapshot, the family is handed to the scrape to be
   * written directly.
   */
  @Override
  public MetricSnapshot collect(
      Predicate<String> includedNames, PrometheusScrapeRequest scrapeRequest) {
    if (!wanted(includedNames)) {
      return null;
    }
    if (scrapeRequest instanceof RegistryText.Direct direct) {
      direct.add(this);
      return null;
    }
    return collect();
  }

  @Override
  public MetricSnapshot collect(PrometheusScrapeRequest scrapeRequest) {
    return collect(name -> true, scrapeRequest);
  }

  private boolean wanted(Predicate<String> includedNames) {
    return includedNames.test(family.prometheusName()) || includedNames.test(family.name());
  }
}
