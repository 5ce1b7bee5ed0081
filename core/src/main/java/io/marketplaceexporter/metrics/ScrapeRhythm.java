package io.marketplaceexporter.metrics;

import java.util.concurrent.TimeUnit;

/**
 * When the {@code /metrics} renderer passes next, from when scrapes come. Prometheus scrapes a
 * target at a fixed interval and a fixed offset, so the next scrape is well predicted by the last
 * one plus the interval. Rendering once per interval, so that the pass ends just before the scrape,
 * costs one pass per scrape instead of one a second: at a 15 s scrape interval and a state that
 * changes everywhere (thousands of polled shops), a fifteenth of the CPU, with the scrape's data as
 * fresh as one pass is long.
 *
 * <p>The interval is the shortest of the last {@link #GAPS} gaps between scrapes, so two Prometheus
 * servers at different offsets (an HA pair), or a person's scrape in between, make it shorter,
 * never longer: the renderer then passes more often, as it did before, and never misses a scrape by
 * waiting too long. Below {@link #MIN_RHYTHM_PERIODS} renderer periods it passes every period, as
 * when no rhythm is known. Times are {@link System#nanoTime()} values. Thread-safe.
 */
final class ScrapeRhythm {
  /** Gaps between scrapes remembered; the shortest counts. */
  static final int GAPS = 4;

  /** Below this many renderer periods between scrapes, the renderer keeps its own period. */
  static final int MIN_RHYTHM_PERIODS = 2;

  /** How long before the predicted scrape a pass ends, beyond its own expected duration. */
  static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  /** Passes remembered; the longest is what the next one is expected to take, twice over. */
  static final int PASSES = 4;

  private final long periodNanos;
  private final long[] gaps = new long[GAPS];
  private final long[] passes = new long[PASSES];
  private int nextPassSlot;
  private int nextGap;
  private int knownGaps;
  private long last;
  private boolean any;

  /** A rhythm for a renderer that otherwise passes every {@code periodNanos}. */
  ScrapeRhythm(long periodNanos) {
    this.periodNanos = periodNanos;
  }

  /** A scrape came at {@code nanos}. */
  synchronized void scraped(long nanos) {
    if (any) {
      gaps[nextGap] = Math.max(0, nanos - last);
      nextGap = (nextGap + 1) % GAPS;
      knownGaps = Math.min(GAPS, knownGaps + 1);
    }
    last = nanos;
    any = true;
  }

  /** The interval scrapes come at, or 0 when fewer than two gaps are known. */
  synchronized long intervalNanos() {
    if (knownGaps < 2) {
      return 0;
    }
    long min = Long.MAX_VALUE;
    for (int i = 0; i < knownGaps; i++) {
      min = Math.min(min, gaps[i]);
    }
    return min;
  }

  /**
   * When the pass after one that started at {@code passStart} and took {@code took} should start.
   * Never sooner than the renderer's own rule: a period after the last start, and at least as long
   * idle as the pass took (it never holds a core). With a rhythm of scrapes, as late as lets the
   * pass end before the first predicted scrape it can still serve, allowing it twice the longest of
   * the last {@link #PASSES} passes: under ingest at full speed on two cores a pass took 0.6 to 1.3
   * s, and one that ran into the scrape took CPU from the scraper (bench/RESULTS.md).
   */
  synchronized long nextPass(long passStart, long took) {
    passes[nextPassSlot] = took;
    nextPassSlot = (nextPassSlot + 1) % PASSES;
    long floor = passStart + Math.max(periodNanos, 2 * took);
    long interval = intervalNanos();
    long lastScrape = last;
    if (interval < MIN_RHYTHM_PERIODS * periodNanos) {
      return floor;
    }
    long longest = 0;
    for (long p : passes) {
      longest = Math.max(longest, p);
    }
    long lead = 2 * longest + LEAD_NANOS;
    // The first predicted scrape whose pass can start at or after the floor.
    long behind = floor + lead - lastScrape;
    long scrapes = behind <= 0 ? 1 : (behind + interval - 1) / interval;
    return Math.max(floor, lastScrape + Math.max(1, scrapes) * interval - lead);
  }
}
