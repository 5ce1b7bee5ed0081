package io.marketplaceexporter.metrics;

import io.marketplaceexporter.metrics.ContractExposition.Format;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keeps the length of a large {@code /metrics} answer the same from scrape to scrape, by ending it
 * with a line of blanks (issue #18). Prometheus reads a scrape into a buffer the size of the
 * target's last answer (above its largest pooled buffer, 59 MB, exactly that size), through Go's
 * {@code bytes.Buffer}: an answer longer than the last by even a byte makes the buffer grow to
 * twice the size and be copied. At a million series that is 248 MB more to allocate and 124 MB to
 * copy, in every scrape whose answer came out a few bytes longer than the one before, which an
 * exporter's often does: its own gauges and the JVM's change length, counters gain digits. In CPU
 * profiles of Prometheus at a million series (bench/RESULTS.md) growing that buffer took up to 3.6
 * CPU s in 30 s and its collector as much again, and nothing for nginx serving the same bytes.
 *
 * <p>So an answer of at least {@link #FROM_BYTES} of text is padded to a length that stays put
 * while the answer moves within {@link #HEADROOM_SHARE} of its size: a target a little above it,
 * kept until the answer outgrows it or falls more than three headrooms below it. The padding is one
 * line just before OpenMetrics' {@code # EOF} (the text format has no end marker: it is the last
 * line), the {@code # HELP} of a family without samples, which both formats allow and every parser
 * skips: {@code # HELP marketplace_exporter_exposition_padding} and blanks. The target is 16 KiB
 * past a multiple of 32 KiB: Go's inflater hands out text in 32 KiB windows and the last window
 * with the end of the stream, and {@code bytes.Buffer} grows when fewer than 512 bytes are free
 * before a read, so the read that ends the stream must bring at least 512 bytes. Below {@link
 * #FROM_BYTES} nothing is added: Prometheus' pooled buffers come in sizes a factor of 3 apart, so a
 * few bytes more rarely cross into the next. Thread-safe.
 */
final class SteadySize {
  /** Answers of this much text or more are padded. */
  static final long FROM_BYTES = 32L << 20;

  /** The size Go's inflater hands out its text in. */
  static final int WINDOW = 32 * 1024;

  /** How far an answer may grow before its target moves: this share of it (at least a window). */
  static final int HEADROOM_SHARE = 512;

  /** The padding line up to its blanks. */
  static final byte[] PREFIX =
      ("# HELP marketplace_exporter_exposition_padding Blanks that keep the length of /metrics"
              + " steady between scrapes, so that Prometheus reads it into the buffer of the last"
              + " one; no samples.")
          .getBytes(StandardCharsets.US_ASCII);

  /** The bytes of a padding line beyond its blanks: the prefix and the newline. */
  static final int LINE_BYTES = PREFIX.length + 1;

  private static final byte[] BLANKS = new byte[8 * 1024];

  static {
    Arrays.fill(BLANKS, (byte) ' ');
  }

  private final long from;
  private final long[] targets = new long[Format.values().length];

  SteadySize() {
    this(FROM_BYTES);
  }

  /** Pads answers of at least {@code from} bytes (tests use small ones). */
  SteadySize(long from) {
    this.from = from;
  }

  /**
   * How many blanks the padding line of an answer of {@code length} bytes gets ({@link #LINE_BYTES}
   * of its line included in {@code length}), or -1: no padding line. Answers of one format share a
   * target; the formats' answers differ in their headers.
   */
  synchronized long blanks(Format format, long length) {
    int i = format.ordinal();
    if (length < from) {
      targets[i] = 0;
      return -1;
    }
    long headroom = Math.max(WINDOW, length / HEADROOM_SHARE);
    long target = targets[i];
    if (target < length || target - length > 3 * headroom) {
      target = aligned(length + headroom);
      targets[i] = target;
    }
    return target - length;
  }

  /** The smallest length from {@code n} on that ends half a window past a window. */
  static long aligned(long n) {
    long t = n - n % WINDOW + WINDOW / 2;
    return t >= n ? t : t + WINDOW;
  }

  /** Writes a padding line of {@code blanks} blanks. */
  static void write(OutputStream out, long blanks) throws IOException {
    out.write(PREFIX);
    for (long left = blanks; left > 0; left -= BLANKS.length) {
      out.write(BLANKS, 0, (int) Math.min(left, BLANKS.length));
    }
    out.write('\n');
  }
}
