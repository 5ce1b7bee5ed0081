package io.marketplaceexporter.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in the notation Prometheus uses: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 7d}.
 * Like Prometheus, whose durations are 64-bit nanoseconds, at most {@link #MAX} (292 years): a
 * longer one is refused as out of range rather than overflowing somewhere later.
 */
public final class Durations {
  /** The longest duration accepted: what 64-bit nanoseconds hold, in whole milliseconds. */
  public static final Duration MAX = Duration.ofMillis(Long.MAX_VALUE / 1_000_000);

  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h|d|w|y))+|0");
  private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");

  private Durations() {}

  /** Parses a duration; throws {@link IllegalArgumentException} saying what is accepted. */
  public static Duration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "not a duration: use a number and a unit (ms, s, m, h, d, w, y), like 90s, 5m, 1h30m");
    }
    try {
      Duration total = Duration.ZERO;
      Matcher m = PART.matcher(text);
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        total =
            total.plus(
                switch (m.group(2)) {
                  case "ms" -> Duration.ofMillis(n);
                  case "s" -> Duration.ofSeconds(n);
                  case "m" -> Duration.ofMinutes(n);
                  case "h" -> Duration.ofHours(n);
                  case "d" -> Duration.ofDays(n);
                  case "w" -> Duration.ofDays(Math.multiplyExact(7, n));
                  default -> Duration.ofDays(Math.multiplyExact(365, n));
                });
      }
      if (total.compareTo(MAX) > 0) {
        throw new ArithmeticException("past MAX");
      }
      return total;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException("duration out of range: at most 292y");
    }
  }

  /** The shortest Prometheus-style text for a duration. */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    long ms = d.toMillis();
    StringBuilder sb = new StringBuilder();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
    String[] units = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        sb.append(ms / sizes[i]).append(units[i]);
        ms %= sizes[i];
      }
    }
    return sb.toString();
  }
}
