package io.marketplaceexporter.state;

import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The listing gauges of one shop: one series per normalised status, all of them from the shop's
 * first count, so that a share of non-active listings never divides by a missing series. Guarded by
 * the shop's lock ({@link ShopState}).
 */
final class ListingSeries {
  private static final int STATUSES = ListingStatus.values().length;
  private static final Labels[] STATUS = LabelSets.of("status", ListingStatus.class);

  private ListingCounts counts;

  /** Replaces the counts; false when the series cannot exist (the family is full). */
  boolean set(SeriesBudget budget, ListingCounts latest) {
    if (counts == null && !budget.tryAcquire(SeriesFamily.LISTINGS, STATUSES)) {
      return false;
    }
    counts = latest;
    return true;
  }

  /** The counts last set, or null when none were. */
  ListingCounts counts() {
    return counts;
  }

  void collect(Labels shop, Samples out) {
    if (counts != null) {
      for (ListingStatus s : ListingStatus.values()) {
        out.add(counts.of(s), shop.merge(STATUS[s.ordinal()]));
      }
    }
  }

  void release(SeriesBudget budget) {
    budget.release(SeriesFamily.LISTINGS, counts == null ? 0 : STATUSES);
  }
}
