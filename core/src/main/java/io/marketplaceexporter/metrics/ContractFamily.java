package io.marketplaceexporter.metrics;

import io.marketplaceexporter.metrics.ContractExposition.Format;
import java.nio.charset.StandardCharsets;

/**
 * A contract family as the exposition writes it: its sample name and its header lines in each
 * format, as client_java writes them for a counter (the text format names the family {@code
 * x_total}, OpenMetrics {@code x}), a gauge (OpenMetrics adds {@code # UNIT} for {@code _seconds})
 * or a classic histogram.
 *
 * @param name the name in the contract ({@code docs/metrics.md}), a counter's with {@code _total}
 * @param prometheusName client_java's name for the family (a counter's without {@code _total}); the
 *     families are written in its order, as the client library sorts them
 */
record ContractFamily(String name, String prometheusName, Kind kind, String help, boolean seconds) {
  enum Kind {
    COUNTER,
    GAUGE,
    HISTOGRAM
  }

  static ContractFamily counter(String name, String help) {
    return new ContractFamily(name, name.replaceAll("_total$", ""), Kind.COUNTER, help, false);
  }

  static ContractFamily gauge(String name, String help) {
    return new ContractFamily(name, name, Kind.GAUGE, help, name.endsWith("_seconds"));
  }

  static ContractFamily histogram(String name, String help) {
    return new ContractFamily(name, name, Kind.HISTOGRAM, help, true);
  }

  /** The name of the sample lines of a counter or gauge. */
  byte[] sampleName() {
    return ascii(name);
  }

  byte[] histogramPart(String suffix) {
    return ascii(name + suffix);
  }

  /** The family's {@code # HELP}, {@code # TYPE} (and {@code # UNIT}) lines in {@code format}. */
  byte[] header(Format format) {
    String type = kind.name().toLowerCase(java.util.Locale.ROOT);
    SampleText out = new SampleText(256);
    if (format == Format.TEXT) {
      line(out, "# HELP ", name, help, false);
      line(out, "# TYPE ", name, type, null);
    } else {
      line(out, "# TYPE ", prometheusName, type, null);
      if (seconds) {
        line(out, "# UNIT ", prometheusName, "seconds", null);
      }
      line(out, "# HELP ", prometheusName, help, true);
    }
    return out.toByteArray();
  }

  private static void line(SampleText out, String tag, String n, String text, Boolean quotes) {
    out.ascii(tag);
    out.ascii(n);
    out.put(' ');
    if (quotes == null) {
      out.ascii(text);
    } else {
      out.text(text, quotes);
    }
    out.put('\n');
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
