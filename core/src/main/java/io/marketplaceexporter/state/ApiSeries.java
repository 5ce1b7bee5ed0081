package io.marketplaceexporter.state;

import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The series of one marketplace API operation of a shop: requests by result class and the quota
 * gauges. Guarded by the shop's lock ({@link ShopState}).
 */
final class ApiSeries {
  private static final Labels[] CODE = LabelSets.of("code", ApiCode.class);

  /** The shop's labels with the operation. */
  final Labels labels;

  final Counters codes = new Counters(ApiCode.values().length);
  double quotaLimit = Double.NaN;
  double quotaRemaining = Double.NaN;

  ApiSeries(Labels shop, String operation) {
    labels = shop.merge(Labels.of("operation", operation));
  }

  /** Sets the quota gauges given (not NaN), both or neither; null, or the family that is full. */
  SeriesFamily setQuota(SeriesBudget budget, double limit, double remaining) {
    boolean hasLimit = !Double.isNaN(limit);
    boolean hasRemaining = !Double.isNaN(remaining);
    SeriesFamily full =
        budget.reserve(
            SeriesFamily.API_QUOTA_LIMIT,
            hasLimit && Double.isNaN(quotaLimit),
            SeriesFamily.API_QUOTA_REMAINING,
            hasRemaining && Double.isNaN(quotaRemaining));
    if (full != null) {
      return full;
    }
    if (hasLimit) {
      quotaLimit = limit;
    }
    if (hasRemaining) {
      quotaRemaining = remaining;
    }
    return null;
  }

  /** Whether no series of this operation exists, so it can be dropped. */
  boolean empty() {
    return codes.present == 0 && Double.isNaN(quotaLimit) && Double.isNaN(quotaRemaining);
  }

  /** Emits this operation's samples of {@code family}, one of the three API families. */
  void collect(SeriesFamily family, Samples out) {
    switch (family) {
      case API_REQUESTS -> codes.emit((i, v) -> out.add(v, labels.merge(CODE[i])));
      case API_QUOTA_LIMIT -> {
        if (!Double.isNaN(quotaLimit)) {
          out.add(quotaLimit, labels);
        }
      }
      default -> {
        if (!Double.isNaN(quotaRemaining)) {
          out.add(quotaRemaining, labels);
        }
      }
    }
  }

  /** Gives back the label sets this operation holds. */
  void release(SeriesBudget budget) {
    budget.release(SeriesFamily.API_REQUESTS, codes.count());
    budget.release(SeriesFamily.API_QUOTA_LIMIT, Double.isNaN(quotaLimit) ? 0 : 1);
    budget.release(SeriesFamily.API_QUOTA_REMAINING, Double.isNaN(quotaRemaining) ? 0 : 1);
  }
}
