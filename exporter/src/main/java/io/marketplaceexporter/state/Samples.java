package io.marketplaceexporter.state;

/** Receives the samples of one metric family while the state is read at scrape time. */
@FunctionalInterface
public interface Samples {
  /** One sample; {@code labelValues} are in the order of {@link SeriesFamily#labelNames()}. */
  void add(double value, String... labelValues);
}
