package io.marketplaceexporter.state;

import io.marketplaceexporter.model.Vocabulary.Outcome;
import io.marketplaceexporter.model.Vocabulary.SyncJob;
import io.prometheus.metrics.model.snapshots.Labels;

/**
 * The series of one sync job of a shop: runs by outcome, the last success and the expected
 * interval. Guarded by the shop's lock ({@link ShopState}).
 */
final class SyncSeries {
  private static final Labels[] OUTCOME = LabelSets.of("outcome", Outcome.class);
  private static final Labels[] JOB = LabelSets.of("job", SyncJob.class);

  /** The shop's labels with job and system. */
  final Labels labels;

  final Counters runs = new Counters(2);
  double lastSuccess = Double.NaN;

  /** When the latest run finished (Unix seconds), and whether it failed (the status page). */
  double lastRunAt = Double.NaN;

  boolean lastRunFailed;

  /** Seconds, from the last sync event that carried expected_interval_seconds. */
  double expectedInterval = Double.NaN;

  SyncSeries(Labels shop, String system, SyncJob job) {
    labels = shop.merge(JOB[job.ordinal()]).merge(Labels.of("system", system));
  }

  /** What the status page shows of this job. */
  ShopSummary.Sync summary(String system, SyncJob job) {
    return new ShopSummary.Sync(system, job.label(), lastSuccess, expectedInterval, lastRunFailed);
  }

  /** Emits this job's sample of {@code family}, one of the three sync families. */
  void collect(SeriesFamily family, Samples out) {
    if (family == SeriesFamily.SYNC_RUNS) {
      runs.emit((i, v) -> out.add(v, labels.merge(OUTCOME[i])));
    } else if (family == SeriesFamily.SYNC_EXPECTED_INTERVAL) {
      if (!Double.isNaN(expectedInterval)) {
        out.add(expectedInterval, labels);
      }
    } else if (!Double.isNaN(lastSuccess)) {
      out.add(lastSuccess, labels);
    }
  }

  /** Gives back the label sets this job holds. */
  void release(SeriesBudget budget) {
    budget.release(SeriesFamily.SYNC_RUNS, runs.count());
    budget.release(SeriesFamily.SYNC_LAST_SUCCESS, Double.isNaN(lastSuccess) ? 0 : 1);
    budget.release(SeriesFamily.SYNC_EXPECTED_INTERVAL, Double.isNaN(expectedInterval) ? 0 : 1);
  }
}
