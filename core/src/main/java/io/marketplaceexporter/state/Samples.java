package io.marketplaceexporter.state;

import io.prometheus.metrics.model.snapshots.Labels;

/** Receives the samples of one metric family while the state is read at scrape time. */
@FunctionalInterface
public interface Samples {
  /** One sample with its complete label set (the names of {@link SeriesFamily#labelNames()}). */
  void add(double value, Labels labels);
}
