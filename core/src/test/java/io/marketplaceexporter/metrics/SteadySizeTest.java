package io.marketplaceexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.metrics.ContractExposition.Format;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SteadySizeTest {
  private static final long MIB = 1L << 20;
  private final SteadySize steady = new SteadySize(32 * MIB);

  /** The length an answer of {@code length} bytes (its padding line's fixed part included) has. */
  private long padded(Format format, long length) {
    long blanks = steady.blanks(format, length);
    return blanks < 0 ? length : length + blanks;
  }

  @Nested
  class BelowTheThreshold {
    @Test
    void smallAnswersGetNoPaddingLine() {
      assertThat(steady.blanks(Format.TEXT, 32 * MIB - 1)).isEqualTo(-1);
      assertThat(steady.blanks(Format.TEXT, 1000)).isEqualTo(-1);
    }

    @Test
    void theDefaultThresholdIs32MiB() {
      SteadySize defaults = new SteadySize();
      assertThat(defaults.blanks(Format.TEXT, 32 * MIB - 1)).isEqualTo(-1);
      assertThat(defaults.blanks(Format.TEXT, 32 * MIB)).isGreaterThanOrEqualTo(0);
    }
  }

  @Nested
  class AboveIt {
    @Test
    void anAnswerThatMovesByAFewKilobytesKeepsOneLength() {
      long base = 124_000_000;
      long first = padded(Format.OPENMETRICS, base);
      for (long delta : new long[] {17, -5, 4000, -3000, 90_000, -120_000, 1, 0}) {
        assertThat(padded(Format.OPENMETRICS, base + delta))
            .as("%+d bytes", delta)
            .isEqualTo(first);
      }
      assertThat(first).isGreaterThan(base);
    }

    @Test
    void theLengthEndsHalfAWindowPastAWindow() {
      for (long n : new long[] {32 * MIB, 50_000_001, 124_337_195, 999_999_999}) {
        assertThat(padded(Format.TEXT, n) % SteadySize.WINDOW)
            .as("%d", n)
            .isEqualTo(SteadySize.WINDOW / 2);
        steady.blanks(Format.TEXT, 1); // below: forget the target
      }
    }

    @Test
    void anAnswerThatOutgrowsItsTargetGetsALongerOneWithRoomAgain() {
      long base = 124_000_000;
      long first = padded(Format.TEXT, base);
      long grown = padded(Format.TEXT, first + 1);

      assertThat(grown).isGreaterThan(first + 1 + base / SteadySize.HEADROOM_SHARE - 1);
      assertThat(padded(Format.TEXT, first + 2)).isEqualTo(grown);
    }

    @Test
    void anAnswerThatShrankFarGetsAShorterTargetAndSmallPaddingAgain() {
      long first = padded(Format.TEXT, 124_000_000);
      long shrunk = padded(Format.TEXT, 100_000_000);

      assertThat(shrunk).isLessThan(first);
      assertThat(shrunk - 100_000_000).isLessThanOrEqualTo(100_000_000 / 512 + SteadySize.WINDOW);
    }

    @Test
    void theFormatsKeepTargetsOfTheirOwn() {
      long text = padded(Format.TEXT, 124_000_000);
      long om = padded(Format.OPENMETRICS, 60_000_000);

      assertThat(padded(Format.TEXT, 124_000_100)).isEqualTo(text);
      assertThat(padded(Format.OPENMETRICS, 60_000_100)).isEqualTo(om);
    }

    @Test
    void theLineIsAHelpWithoutSamplesOfTheLengthCounted() throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      SteadySize.write(out, 20_000);
      String line = out.toString(StandardCharsets.US_ASCII);

      assertThat(line).hasSize(SteadySize.LINE_BYTES + 20_000);
      assertThat(line)
          .startsWith("# HELP marketplace_exporter_exposition_padding ")
          .endsWith(" \n");
      assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
    }
  }
}
