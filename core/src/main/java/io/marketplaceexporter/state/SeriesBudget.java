package io.marketplaceexporter.state;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cardinality guard: at most {@code maxPerFamily} label sets per metric family. A label set
 * that would go over the limit is not created; it is counted and logged once per family.
 */
public final class SeriesBudget {
  private static final Logger LOG = LoggerFactory.getLogger(SeriesBudget.class);
  private static final SeriesFamily[] FAMILIES = SeriesFamily.values();

  private final int maxPerFamily;
  private final AtomicIntegerArray used = new AtomicIntegerArray(FAMILIES.length);
  private final LongAdder[] dropped = new LongAdder[FAMILIES.length];
  private final AtomicBoolean[] warned = new AtomicBoolean[FAMILIES.length];

  public SeriesBudget(int maxPerFamily) {
    if (maxPerFamily <= 0) {
      throw new IllegalArgumentException("maxPerFamily must be > 0");
    }
    this.maxPerFamily = maxPerFamily;
    for (int i = 0; i < FAMILIES.length; i++) {
      dropped[i] = new LongAdder();
      warned[i] = new AtomicBoolean();
    }
  }

  /** Reserves {@code n} new label sets of {@code family}, or counts them as dropped. */
  public boolean tryAcquire(SeriesFamily family, int n) {
    int i = family.ordinal();
    while (true) {
      int current = used.get(i);
      if (current + n > maxPerFamily) {
        dropped[i].add(n);
        if (warned[i].compareAndSet(false, true)) {
          LOG.warn(
              "{} reached the limit of {} label sets (limits.max_series_per_metric);"
                  + " new label sets are dropped and counted in"
                  + " marketplace_exporter_series_dropped_total",
              family.metricName(),
              maxPerFamily);
        }
        return false;
      }
      if (used.compareAndSet(i, current, current + n)) {
        return true;
      }
    }
  }

  /**
   * Reserves one new label set of {@code a} if {@code needA} and one of {@code b} if {@code needB},
   * both or neither, so that an event that needs two new series is applied whole or not at all.
   * Returns null when reserved, else the family that is full (its drop counted and logged as by
   * {@link #tryAcquire}).
   */
  public SeriesFamily reserve(SeriesFamily a, boolean needA, SeriesFamily b, boolean needB) {
    if (needA && !tryAcquire(a, 1)) {
      return a;
    }
    if (needB && !tryAcquire(b, 1)) {
      if (needA) {
        release(a, 1);
      }
      return b;
    }
    return null;
  }

  /** Gives back label sets of {@code family} whose series were removed. */
  public void release(SeriesFamily family, int n) {
    if (n > 0) {
      used.addAndGet(family.ordinal(), -n);
    }
  }

  /** Whether {@code family} has room for another label set; reserves nothing, counts nothing. */
  public boolean hasRoom(SeriesFamily family) {
    return used.get(family.ordinal()) < maxPerFamily;
  }

  public int used(SeriesFamily family) {
    return used.get(family.ordinal());
  }

  public long dropped(SeriesFamily family) {
    return dropped[family.ordinal()].sum();
  }

  public int maxPerFamily() {
    return maxPerFamily;
  }
}
