package io.marketplaceexporter.sources;

import java.util.function.LongSupplier;

/**
 * How many polls may run at once, from how many fall due and how long they hold a place (Little's
 * law): {@code places ≈ due polls a second × mean time a poll holds its place × }{@link #HEADROOM},
 * over the last {@link #WINDOW_SECONDS} whole seconds or the last one, whichever needs more, within
 * {@code [min, max]}. It grows at once when polls get slower or more fall due, and whenever more
 * polls want a place than there are (up to {@code max}); it shrinks by at most a quarter a second
 * when they get faster, so a short lull does not leave the next round short of places. Time comes
 * from an injected clock ({@link System#nanoTime()} in production), so tests drive it without
 * waiting.
 */
final class AdaptiveLimit {
  /** The spare factor over what the mean needs: polls fall due unevenly and durations vary. */
  static final double HEADROOM = 2;

  /** The seconds of history the rate and the mean come from, in one-second slots. */
  static final int WINDOW_SECONDS = 10;

  private static final long SECOND = 1_000_000_000L;

  private final int min;
  private final int max;
  private final LongSupplier nanoTime;
  private final long startNanos;
  private final long[] due = new long[WINDOW_SECONDS];
  private final long[] done = new long[WINDOW_SECONDS];
  private final double[] heldSeconds = new double[WINDOW_SECONDS];
  private final long[] slotSecond = new long[WINDOW_SECONDS];
  private long lastUpdate = -1;
  private int limit;

  AdaptiveLimit(int min, int max, LongSupplier nanoTime) {
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("need 1 <= min <= max");
    }
    this.min = min;
    this.max = max;
    this.nanoTime = nanoTime;
    this.startNanos = nanoTime.getAsLong();
    this.limit = min;
  }

  /** A poll fell due. */
  synchronized void due() {
    due[slot(second())]++;
  }

  /** A poll gave its place back after holding it {@code seconds}. */
  synchronized void released(double seconds) {
    int i = slot(second());
    done[i]++;
    heldSeconds[i] += seconds;
  }

  /**
   * The number of places now; {@code wanted} polls are running or waiting to. More wanted than
   * there are places get them at once (up to the bound), so a burst of due polls or a slow spell
   * does not wait for the next measurement; otherwise the places follow {@link #next} once a
   * second.
   */
  synchronized int limit(int wanted) {
    long now = second();
    if (now != lastUpdate) {
      lastUpdate = now;
      limit = next(now);
    }
    if (wanted > limit) {
      limit = Math.min(max, wanted);
    }
    return limit;
  }

  private int next(long now) {
    double needed = Math.max(needed(now, WINDOW_SECONDS), needed(now, 1));
    // Nothing measured (no poll ended lately): keep what there is.
    int target =
        Double.isNaN(needed)
            ? limit
            : (int) Math.min(max, Math.max(min, Math.ceil(needed - 1e-6) + 1));
    if (target >= limit) {
      return target;
    }
    return Math.max(target, limit - Math.max(1, (limit - target) / 4));
  }

  /**
   * Places needed by the polls of the last {@code seconds} whole seconds (fewer at start), or NaN
   * when none ended in them.
   */
  private double needed(long now, int seconds) {
    long dues = 0;
    long releases = 0;
    double held = 0;
    for (int i = 0; i < WINDOW_SECONDS; i++) {
      long age = now - slotSecond[i];
      if (age >= 1 && age <= seconds) {
        dues += due[i];
        releases += done[i];
        held += heldSeconds[i];
      }
    }
    long span = Math.min(seconds, now);
    if (releases == 0 || span == 0) {
      return Double.NaN;
    }
    return (double) dues / span * (held / releases) * HEADROOM;
  }

  /** Whole seconds since this limit was made. */
  private long second() {
    return (nanoTime.getAsLong() - startNanos) / SECOND;
  }

  /** The index of {@code second}'s slot, cleared when it held an older second. */
  private int slot(long second) {
    int i = (int) (second % WINDOW_SECONDS);
    if (slotSecond[i] != second) {
      slotSecond[i] = second;
      due[i] = 0;
      done[i] = 0;
      heldSeconds[i] = 0;
    }
    return i;
  }
}
