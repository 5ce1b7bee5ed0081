package io.marketplaceexporter.metrics;

import io.prometheus.metrics.model.snapshots.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A growable UTF-8 buffer that writes sample lines exactly as client_java's Prometheus text and
 * OpenMetrics writers do for counters, gauges and classic histograms without timestamps or
 * exemplars: the same label order and escaping ({@code \\}, {@code \"}, {@code \n}), the same value
 * formatting ({@link Double#toString}, {@code +Inf}, {@code -Inf}), and the same replacement of an
 * unpaired surrogate by {@code ?}. Sample lines are the same in both formats; only the family
 * headers differ ({@link ContractFamily}). Not thread-safe.
 */
final class SampleText {
  private byte[] buf;
  private int size;

  /** The histogram bounds last written, and their {@code le} label texts. */
  private double[] lastBounds;

  private byte[][] lastLe;

  SampleText(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  int size() {
    return size;
  }

  byte[] array() {
    return buf;
  }

  void clear() {
    size = 0;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  /** {@code name{labels} value}, a line of a counter or a gauge. */
  void sample(byte[] name, Labels labels, double value) {
    nameAndLabels(name, labels);
    value(value);
    put('\n');
  }

  /** {@code name{extra,pairs} value}: label pairs already written by {@link #pairs}. */
  void sample(byte[] name, byte[] extra, byte[] pairs, double value) {
    nameAndPairs(name, extra, pairs);
    value(value);
    put('\n');
  }

  static final byte[] EMPTY = new byte[0];

  private void nameAndPairs(byte[] name, byte[] extra, byte[] pairs) {
    bytes(name);
    if (extra.length > 0 || pairs.length > 0) {
      put('{');
      bytes(extra);
      if (extra.length > 0 && pairs.length > 0) {
        put(',');
      }
      bytes(pairs);
      put('}');
    }
    put(' ');
  }

  /** The label pairs of {@code labels} as the lines carry them, without braces. */
  static byte[] pairs(Labels labels) {
    SampleText t = new SampleText(32 * labels.size());
    t.labelPairs(labels);
    return t.toByteArray();
  }

  /** The lines of one classic histogram: cumulative buckets, count and sum. */
  void histogram(
      byte[] bucket,
      byte[] count,
      byte[] sum,
      Labels labels,
      double[] bounds,
      long[] counts,
      double s) {
    histogram(bucket, count, sum, pairs(labels), bounds, counts, s);
  }

  /** As above, the label pairs already written by {@link #pairs}. */
  void histogram(
      byte[] bucket,
      byte[] count,
      byte[] sum,
      byte[] pairs,
      double[] bounds,
      long[] counts,
      double s) {
    byte[][] le = leValues(bounds);
    long cumulative = 0;
    for (int i = 0; i < bounds.length; i++) {
      bytes(bucket);
      put('{');
      bytes(pairs);
      if (pairs.length > 0) {
        put(',');
      }
      bytes(le[i]);
      cumulative += counts[i];
      ascii(Long.toString(cumulative));
      put('\n');
    }
    nameAndPairs(count, EMPTY, pairs);
    ascii(Long.toString(cumulative));
    put('\n');
    nameAndPairs(sum, EMPTY, pairs);
    value(s);
    put('\n');
  }

  /** {@code le="<bound>"} ending the label set, then the space before the value, per bound. */
  private byte[][] leValues(double[] bounds) {
    if (bounds != lastBounds) {
      SampleText t = new SampleText(32);
      byte[][] le = new byte[bounds.length][];
      for (int i = 0; i < bounds.length; i++) {
        t.clear();
        t.ascii("le=\"");
        t.value(bounds[i]);
        t.ascii("\"} ");
        le[i] = t.toByteArray();
      }
      lastLe = le;
      lastBounds = bounds;
    }
    return lastLe;
  }

  private void labelPairs(Labels labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        put(',');
      }
      ascii(labels.getName(i));
      put('=');
      put('"');
      escaped(labels.getValue(i));
      put('"');
    }
  }

  private void nameAndLabels(byte[] name, Labels labels) {
    bytes(name);
    if (!labels.isEmpty()) {
      put('{');
      labelPairs(labels);
      put('}');
    }
    put(' ');
  }

  /** A value as {@code Double.toString} writes it, without its cost for small whole numbers. */
  void value(double d) {
    long n = (long) d;
    if (n == d && n > -10_000_000L && n < 10_000_000L && (n != 0 || 1 / d > 0)) {
      ascii(Long.toString(n));
      put('.');
      put('0');
    } else if (d == Double.POSITIVE_INFINITY) {
      ascii("+Inf");
    } else if (d == Double.NEGATIVE_INFINITY) {
      ascii("-Inf");
    } else {
      ascii(Double.toString(d));
    }
  }

  /** A string of ASCII characters only (names, numbers). */
  void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[size++] = (byte) s.charAt(i);
    }
  }

  void bytes(byte[] b) {
    ensure(b.length);
    System.arraycopy(b, 0, buf, size, b.length);
    size += b.length;
  }

  /** A label value or OpenMetrics help text: {@code \\}, {@code "} and newline escaped, UTF-8. */
  void escaped(String s) {
    text(s, true);
  }

  /** Text with {@code \\} and newline escaped, and {@code "} too when {@code quotes}; UTF-8. */
  void text(String s, boolean quotes) {
    int n = s.length();
    ensure(n * 3); // a char is at most 3 bytes, a surrogate pair 4
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '\\' || (c == '"' && quotes)) {
          buf[size++] = '\\';
          buf[size++] = (byte) c;
        } else if (c == '\n') {
          buf[size++] = '\\';
          buf[size++] = 'n';
        } else {
          buf[size++] = (byte) c;
        }
      } else if (c < 0x800) {
        buf[size++] = (byte) (0xC0 | (c >> 6));
        buf[size++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          buf[size++] = (byte) (0xF0 | (cp >> 18));
          buf[size++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
          buf[size++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
          buf[size++] = (byte) (0x80 | (cp & 0x3F));
        } else {
          buf[size++] = '?'; // what the client library's UTF-8 writer puts for a lone surrogate
        }
      } else {
        buf[size++] = (byte) (0xE0 | (c >> 12));
        buf[size++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        buf[size++] = (byte) (0x80 | (c & 0x3F));
      }
    }
  }

  void put(char c) {
    ensure(1);
    buf[size++] = (byte) c;
  }

  /**
   * From now on a full buffer is written to {@code sink} (after {@code lead}, once, before the
   * first bytes) instead of growing, until {@link #finish}: a family of 250,000 lines is streamed
   * through the buffer rather than copied into ever larger ones. Write errors come out of the
   * writing methods as {@link UncheckedIOException}.
   */
  void streamTo(OutputStream sink, byte[] lead) {
    this.sink = sink;
    this.lead = lead;
  }

  /** Writes what is left (after the lead, if anything was written at all) and stops streaming. */
  void finish() throws IOException {
    try {
      if (size > 0) {
        flush();
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } finally {
      sink = null;
      lead = null;
    }
  }

  private OutputStream sink;
  private byte[] lead;

  private void flush() {
    try {
      if (lead != null) {
        sink.write(lead);
        lead = null;
      }
      sink.write(buf, 0, size);
      size = 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void ensure(int more) {
    if (sink != null && size > 0 && size + more > buf.length) {
      flush();
    }
    if (size + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}
