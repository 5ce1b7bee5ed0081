package io.marketplaceexporter.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeflatedTest {
  private static final byte[] FIRST = "a_total{shop=\"1\"} 1.0\n".repeat(500).getBytes(UTF_8);
  private static final byte[] SECOND = "b_seconds{shop=\"2\"} 2.5\n".repeat(300).getBytes(UTF_8);
  private static final byte[] REST = "# TYPE up gauge\nup 1\n# EOF\n".getBytes(UTF_8);

  private static byte[] gzip(List<Deflated> pieces) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Deflated.writeGzip(out, pieces);
    return out.toByteArray();
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), UTF_8);
    }
  }

  private static String expected() {
    return new String(FIRST, UTF_8) + new String(SECOND, UTF_8) + new String(REST, UTF_8);
  }

  @Nested
  class ALastPieceEndsTheStream {
    private final List<Deflated> pieces =
        List.of(Deflated.of(FIRST), Deflated.of(SECOND), Deflated.last(REST));

    @Test
    void theMemberHoldsTheTextWithTheCrcAndLengthTheJdkChecks() throws IOException {
      assertThat(gunzip(gzip(pieces))).isEqualTo(expected());
    }

    @Test
    void noEmptyFinalBlockFollowsIt() throws IOException {
      long data = pieces.stream().mapToLong(p -> p.data().length).sum();
      // Header, the pieces' own bytes, trailer: the text's last block is the final one, so a reader
      // gets the end of the stream with the last of the text (Prometheus then keeps its buffer).
      assertThat(gzip(pieces)).hasSize((int) (10 + data + 8));
      assertThat(ended(pieces.get(2).data())).isTrue();
      assertThat(ended(pieces.get(0).data())).as("a piece made to be followed").isFalse();
    }

    @Test
    void withoutOneTheMemberEndsWithAnEmptyFinalBlock() throws IOException {
      List<Deflated> open = List.of(Deflated.of(FIRST), Deflated.of(SECOND));
      long data = open.stream().mapToLong(p -> p.data().length).sum();
      byte[] gz = gzip(open);

      assertThat(gz).hasSize((int) (10 + data + 2 + 8));
      assertThat(gunzip(gz)).isEqualTo(new String(FIRST, UTF_8) + new String(SECOND, UTF_8));
    }

    @Test
    void theTextWithoutGzipIsTheSame() throws IOException {
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      Deflated.writePlain(plain, pieces);
      assertThat(plain.toString(UTF_8)).isEqualTo(expected());
    }

    @Test
    void nothingMayFollowIt() throws IOException {
      List<Deflated> wrong = List.of(Deflated.last(REST), Deflated.of(FIRST));
      assertThatThrownBy(() -> gzip(wrong)).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> Deflated.writePlain(new ByteArrayOutputStream(), wrong))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("follows the end");
    }

    @Test
    void anEmptyTextIsNoPieceAtAll() throws IOException {
      Deflated empty = Deflated.last(new byte[0]);
      assertThat(empty.length()).isZero();
      assertThat(gunzip(gzip(List.of(Deflated.of(FIRST), empty))))
          .isEqualTo(new String(FIRST, UTF_8));
    }
  }

  @Nested
  class ALastStream {
    private Deflated streamed(byte[] text, int expected) {
      Deflated.LastStream out = new Deflated.LastStream(expected);
      // In uneven parts, a byte at a time among them, as the registry's writers write.
      int i = 0;
      int step = 1;
      while (i < text.length) {
        int len = Math.min(step, text.length - i);
        if (len == 1) {
          out.write(text[i]);
        } else {
          out.write(text, i, len);
        }
        i += len;
        step = step * 7 % 4093 + 1;
      }
      return out.finish();
    }

    @Test
    void makesThePieceThatLastMakesOfTheWholeText() throws IOException {
      Deflated piece = streamed(REST, 16);
      Deflated whole = Deflated.last(REST);

      assertThat(piece.crc()).isEqualTo(whole.crc());
      assertThat(piece.length()).isEqualTo(REST.length);
      assertThat(piece.last()).isTrue();
      assertThat(ended(piece.data())).isTrue();
      assertThat(gunzip(gzip(List.of(Deflated.of(FIRST), Deflated.of(SECOND), piece))))
          .isEqualTo(expected());
    }

    @Test
    void aTextManyTimesTheBufferItExpectedComesOutWhole() throws IOException {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 200_000; i++) {
        text.append("source_up{source=\"s").append(i).append("\"} ").append(i % 2).append('\n');
      }
      byte[] bytes = text.toString().getBytes(UTF_8);
      Deflated piece = streamed(bytes, 64);

      assertThat(piece.length()).isEqualTo(bytes.length);
      assertThat(gunzip(gzip(List.of(Deflated.of(FIRST), piece))))
          .isEqualTo(new String(FIRST, UTF_8) + text);
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      Deflated.writePlain(plain, List.of(piece));
      assertThat(plain.toByteArray()).isEqualTo(bytes);
    }

    @Test
    void nothingWrittenIsNoPieceAtAll() {
      assertThat(new Deflated.LastStream(64).finish().length()).isZero();
    }

    @Test
    void nothingMayBeWrittenAfterThePiece() {
      Deflated.LastStream out = new Deflated.LastStream(64);
      out.write(REST, 0, REST.length);
      Deflated piece = out.finish();

      assertThatThrownBy(() -> out.write(FIRST, 0, FIRST.length))
          .isInstanceOf(IllegalStateException.class);
      assertThat(out.finish()).isSameAs(piece);
    }
  }

  @Nested
  class APieceAppendedToALastStream {
    @Test
    void goesBetweenTheTextWrittenBeforeAndAfterIt() throws IOException {
      Deflated.LastStream out = new Deflated.LastStream(16);
      out.write(FIRST, 0, FIRST.length);
      Deflated second = Deflated.of(SECOND);
      out.append(second);
      out.write(REST, 0, REST.length);

      assertThat(out.length()).isEqualTo(FIRST.length + SECOND.length + REST.length);
      List<Deflated> pieces = out.finishAll();

      assertThat(pieces).hasSize(3);
      assertThat(pieces.get(1)).isSameAs(second);
      assertThat(pieces.get(0).last()).isFalse();
      assertThat(pieces.get(2).last()).isTrue();
      assertThat(gunzip(gzip(pieces))).isEqualTo(expected());
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      Deflated.writePlain(plain, pieces);
      assertThat(plain.toString(UTF_8)).isEqualTo(expected());
    }

    @Test
    void atTheStartOrTheEndLeavesNoEmptyPiece() throws IOException {
      Deflated.LastStream out = new Deflated.LastStream(16);
      out.append(Deflated.of(FIRST));
      out.append(Deflated.of(SECOND));

      List<Deflated> pieces = out.finishAll();

      assertThat(pieces).hasSize(2).allMatch(p -> p.length() > 0 && !p.last());
      assertThat(gunzip(gzip(pieces)))
          .isEqualTo(new String(FIRST, UTF_8) + new String(SECOND, UTF_8));
    }

    @Test
    void leavesOnlyFinishAllToEndTheStream() {
      Deflated.LastStream out = new Deflated.LastStream(16);
      out.append(Deflated.of(FIRST));

      assertThatThrownBy(out::finish).isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> out.append(Deflated.last(REST)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  /** Whether {@code data} alone is a whole raw deflate stream, its final block included. */
  private static boolean ended(byte[] data) {
    Inflater inflater = new Inflater(true);
    try {
      inflater.setInput(data);
      byte[] buf = new byte[64 * 1024];
      while (!inflater.finished() && !inflater.needsInput()) {
        inflater.inflate(buf);
      }
      return inflater.finished();
    } catch (DataFormatException e) {
      throw new AssertionError(e);
    } finally {
      inflater.end();
    }
  }
}
