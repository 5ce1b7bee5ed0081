package io.marketplaceexporter.status;

import io.marketplaceexporter.config.Durations;
import java.time.Duration;

/** Durations as people read them on the status page: two units at most ({@code 5h59m}). */
public final class Ages {
  private Ages() {}

  /** {@code d} rounded down to seconds, minutes from an hour on, hours from a day on. */
  public static String of(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s >= 86_400) {
      s -= s % 3600;
    } else if (s >= 3600) {
      s -= s % 60;
    }
    return Durations.format(Duration.ofSeconds(s));
  }

  /** As {@link #of(Duration)}, for seconds as the metrics hold them. */
  public static String ofSeconds(double seconds) {
    return of(Duration.ofMillis((long) (seconds * 1000)));
  }
}
