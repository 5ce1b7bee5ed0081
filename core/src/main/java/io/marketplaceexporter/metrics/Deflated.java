package io.marketplaceexporter.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A piece of the exposition compressed on its own: raw deflate blocks that end on a byte boundary
 * (a sync flush) and are not final, so that pieces compressed at different times can be written one
 * after the other into one gzip member (RFC 1951 and 1952). Each piece starts with an empty
 * dictionary, so it refers to nothing before it. The member's CRC-32 is combined from the pieces'
 * own, so an answer is assembled without compressing or even reading the text again: one gzip
 * member, which every gzip reader accepts (several concatenated members are valid too, but not
 * every client reads past the first).
 *
 * @param data the deflate blocks
 * @param crc the CRC-32 of the uncompressed text
 * @param length the length of the uncompressed text
 * @param shift x^(8 * length) modulo the CRC polynomial: what a CRC of text before this piece is
 *     multiplied by when the piece is appended, computed once with the piece rather than at every
 *     scrape (at 100,000 series a scrape combines a few thousand pieces)
 * @param last whether {@code data} ends with the stream's final block ({@link #last(byte[])}):
 *     nothing may follow it
 */
public record Deflated(byte[] data, int crc, long length, int shift, boolean last) {
  static final Deflated EMPTY = new Deflated(new byte[0], 0, 0);

  /**
   * A piece of {@code length} bytes of text with CRC-32 {@code crc}, compressed to {@code data}.
   */
  public Deflated(byte[] data, int crc, long length) {
    this(data, crc, length, shift(length), false);
  }

  /** Compresses {@code len} bytes of {@code text}; {@code deflater} is raw, and reset here. */
  static Deflated of(Deflater deflater, byte[] text, int len) {
    if (len == 0) {
      return EMPTY;
    }
    CRC32 crc = new CRC32();
    crc.update(text, 0, len);
    deflater.reset();
    deflater.setInput(text, 0, len);
    byte[] out = new byte[Math.max(64, len / 6)];
    int n = 0;
    while (true) {
      n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
      if (n < out.length) {
        break;
      }
      out = Arrays.copyOf(out, out.length * 2);
    }
    return new Deflated(Arrays.copyOf(out, n), (int) crc.getValue(), len);
  }

  /**
   * Compresses {@code text} as the end of a stream: its last block is the final one, so no empty
   * final block follows it. A reader then gets the last of the text together with the end of the
   * stream, in one read. That matters to Prometheus: it reads a scrape into a buffer the size of
   * the last one, and a read that finds the buffer full but the stream not yet ended makes it grow
   * the buffer to twice the size (Go's {@code bytes.Buffer}), 237 MiB more garbage per scrape at a
   * million series, which its collector then has to catch up with.
   */
  public static Deflated last(byte[] text) {
    try (LastStream out = new LastStream(text.length / 6)) {
      out.write(text, 0, text.length);
      return out.finish();
    }
  }

  /**
   * A stream whose text becomes the piece that ends the exposition ({@link #last(byte[])}),
   * compressed as it is written: the text is never held whole. At 10,000 polled sources the rest of
   * a scrape is 23 MB of text; held whole it took about 90 MB of buffers per scrape, most of them
   * large enough for G1 to place them in the old generation directly, where they started concurrent
   * collections. Compressed, it is about 1.5 MB.
   */
  public static final class LastStream extends OutputStream {
    private final Deflater deflater = deflater();
    private final CRC32 crc = new CRC32();
    private long length;
    private byte[] out;
    private int n;
    private Deflated piece;

    /** The pieces before the one being written: cut off by {@link #append}, and those appended. */
    private final List<Deflated> before = new ArrayList<>();

    private long beforeLength;
    private long made;

    /**
     * {@code expected}: about how many compressed bytes to expect, so that the buffer rarely grows.
     */
    public LastStream(int expected) {
      this.out = new byte[Math.max(64, expected)];
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (piece != null) {
        throw new IllegalStateException("the piece is finished");
      }
      if (len == 0) {
        return;
      }
      crc.update(b, off, len);
      length += len;
      deflater.setInput(b, off, len);
      while (!deflater.needsInput()) {
        deflate();
      }
    }

    private void deflate() {
      if (n == out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      n += deflater.deflate(out, n, out.length - n, Deflater.NO_FLUSH);
    }

    /** How much text was written so far, that of appended pieces included. */
    public long length() {
      return beforeLength + length;
    }

    /** How many compressed bytes this stream made itself so far (appended pieces not counted). */
    public long compressedBytes() {
      return made + n;
    }

    /**
     * Ends the text written so far as a piece of its own (a sync flush: not final), to be followed
     * by more; the stream goes on with an empty dictionary. {@link #EMPTY} when nothing was written
     * since the last cut.
     */
    Deflated cut() {
      if (piece != null) {
        throw new IllegalStateException("the piece is finished");
      }
      if (length == 0) {
        return EMPTY;
      }
      while (true) {
        n += deflater.deflate(out, n, out.length - n, Deflater.SYNC_FLUSH);
        if (n < out.length) {
          break;
        }
        out = Arrays.copyOf(out, out.length * 2);
      }
      Deflated cut = new Deflated(Arrays.copyOf(out, n), (int) crc.getValue(), length);
      made += n;
      n = 0;
      length = 0;
      crc.reset();
      deflater.reset();
      return cut;
    }

    /**
     * Puts {@code p}, a piece made elsewhere (not final), after the text written so far: what is
     * written next follows it. The text so far becomes a piece of its own ({@link #cut}).
     */
    public void append(Deflated p) {
      if (p.last) {
        throw new IllegalArgumentException("a final piece cannot be followed");
      }
      for (Deflated d : List.of(cut(), p)) {
        if (d.length > 0) {
          before.add(d);
          beforeLength += d.length;
        }
      }
    }

    /**
     * All the pieces of the text, in order: those {@link #append} cut off or put in, then the last
     * ({@link #finish}); writing ends here.
     */
    public List<Deflated> finishAll() {
      Deflated last = finishLast();
      List<Deflated> all = new ArrayList<>(before);
      if (last.length > 0) {
        all.add(last);
      }
      return all;
    }

    /**
     * The piece of all the text written (nothing: {@link #EMPTY}); writing ends here. Only for a
     * stream nothing was {@link #append appended} to: else {@link #finishAll}.
     */
    public Deflated finish() {
      if (!before.isEmpty()) {
        throw new IllegalStateException("pieces were appended: finishAll() has them all");
      }
      return finishLast();
    }

    private Deflated finishLast() {
      if (piece == null) {
        try {
          if (length == 0) {
            piece = EMPTY;
          } else {
            deflater.finish();
            while (!deflater.finished()) {
              deflate();
            }
            piece =
                new Deflated(
                    Arrays.copyOf(out, n), (int) crc.getValue(), length, shift(length), true);
          }
        } finally {
          deflater.end();
          out = null;
        }
      }
      return piece;
    }

    /** Ends the deflater's native memory too when {@link #finish} was never reached. */
    @Override
    public void close() {
      if (piece == null) {
        deflater.end();
      }
    }
  }

  /** Compresses {@code text} on its own. */
  public static Deflated of(byte[] text) {
    Deflater deflater = deflater();
    try {
      return of(deflater, text, text.length);
    } finally {
      deflater.end();
    }
  }

  /**
   * A raw deflater at the level the exposition uses: the fastest (measured in bench/RESULTS.md).
   */
  static Deflater deflater() {
    return new Deflater(Deflater.BEST_SPEED, true);
  }

  /** Writes the text of {@code pieces}, uncompressed, for a client that did not ask for gzip. */
  public static void writePlain(OutputStream out, List<Deflated> pieces) throws IOException {
    Inflater inflater = new Inflater(true);
    try {
      byte[] buf = new byte[64 * 1024];
      for (Deflated p : pieces) {
        if (p.length == 0) {
          continue;
        }
        if (inflater.finished()) {
          throw new IOException("a piece of the exposition follows the end of its stream");
        }
        inflater.setInput(p.data);
        long left = p.length;
        // Until all of the text is out and the flush marker (or the final block) is read too.
        while (left > 0 || !(inflater.needsInput() || inflater.finished())) {
          int n = inflater.inflate(buf);
          if (n == 0
              && (inflater.needsDictionary()
                  || (left > 0 && (inflater.finished() || inflater.needsInput())))) {
            throw new IOException("a piece of the exposition is cut short");
          }
          out.write(buf, 0, n);
          left -= n;
        }
      }
    } catch (DataFormatException e) {
      throw new IOException("a piece of the exposition is not valid deflate data", e);
    } finally {
      inflater.end();
    }
  }

  /** Writes {@code pieces} as one gzip member. */
  public static void writeGzip(OutputStream out, List<Deflated> pieces) throws IOException {
    GzipMember member = new GzipMember(out);
    member.write(pieces);
    member.finish();
  }

  /**
   * One gzip member written piece by piece, so that the first pieces can go out before the last are
   * made: the header at once, each piece's blocks as it comes, the trailer (the CRC-32 combined
   * from the pieces' own, and the length) at {@link #finish}.
   */
  public static final class GzipMember {
    private final OutputStream out;
    private int crc;
    private long length;
    private boolean ended;

    /** Starts a member on {@code out}: writes the gzip header. */
    public GzipMember(OutputStream out) throws IOException {
      this.out = out;
      out.write(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
    }

    /** Writes {@code pieces} next. */
    public void write(List<Deflated> pieces) throws IOException {
      for (Deflated p : pieces) {
        if (p.length > 0) {
          if (ended) {
            throw new IllegalStateException("a piece after the one that ended the stream");
          }
          ended = p.last;
          out.write(p.data);
          crc = multiply(p.shift, crc) ^ p.crc;
          length += p.length;
        }
      }
    }

    /**
     * Ends the member: an empty final block unless the last piece ended the stream, then the
     * trailer. {@code out} stays open.
     */
    public void finish() throws IOException {
      if (!ended) {
        out.write(new byte[] {3, 0}); // an empty final block with fixed codes
      }
      // The trailer: CRC-32 and length mod 2^32.
      out.write(
          new byte[] {
            (byte) crc,
            (byte) (crc >>> 8),
            (byte) (crc >>> 16),
            (byte) (crc >>> 24),
            (byte) length,
            (byte) (length >>> 8),
            (byte) (length >>> 16),
            (byte) (length >>> 24)
          });
    }
  }

  // CRC-32 of a concatenation from the parts' CRCs. A CRC is the remainder of the message
  // polynomial over GF(2) modulo the CRC polynomial, so appending n bytes multiplies the first
  // part's CRC by x^(8n) modulo the polynomial; the powers x^(2^k) are precomputed. Bit-reflected
  // representation, as CRC-32 (gzip) uses: the top bit is x^0.

  private static final int POLY = 0xEDB88320;
  private static final int[] X_POW_2K = new int[32];

  static {
    int p = 1 << 30; // x^1
    for (int k = 0; k < 32; k++) {
      X_POW_2K[k] = p;
      p = multiply(p, p);
    }
  }

  /** a(x) * b(x) modulo the CRC polynomial. */
  private static int multiply(int a, int b) {
    int product = 0;
    for (int m = 1 << 31; m != 0; m >>>= 1) {
      if ((a & m) != 0) {
        product ^= b;
      }
      b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
    }
    return product;
  }

  /** The CRC-32 of A followed by B, from CRC(A), CRC(B) and the length of B in bytes. */
  static int combine(int crcA, int crcB, long lengthB) {
    return multiply(shift(lengthB), crcA) ^ crcB;
  }

  /** x^(8 * bytes) modulo the CRC polynomial, from the precomputed powers x^(2^k). */
  private static int shift(long bytes) {
    int shift = 1 << 31; // x^0
    long bits = bytes;
    for (int k = 3; bits != 0; bits >>>= 1, k++) { // x^(8n): start at x^(2^3)
      if ((bits & 1) != 0) {
        shift = multiply(X_POW_2K[k & 31], shift);
      }
    }
    return shift;
  }
}
