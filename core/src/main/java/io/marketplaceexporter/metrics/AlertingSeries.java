package io.marketplaceexporter.metrics;

import io.marketplaceexporter.config.AlertingConfig;
import io.marketplaceexporter.config.AlertingConfig.ChangeScope;
import io.marketplaceexporter.config.AlertingConfig.SyncSchedule;
import io.marketplaceexporter.config.AlertingConfig.Threshold;
import io.marketplaceexporter.model.MetricNames;
import io.marketplaceexporter.state.Samples;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The series of {@code alerting} in the configuration that the rule pack joins on: expected
 * intervals of sync jobs (added to {@code marketplace_sync_expected_interval_seconds}, where a
 * configured value replaces the one a sync event carried for the same series) and per-shop or
 * per-job thresholds ({@code marketplace_alert_threshold}). Built once; the configuration does not
 * change while the exporter runs.
 */
final class AlertingSeries {
  /** Per-shop and per-job alert thresholds from the configuration. */
  static final String THRESHOLD = MetricNames.ALERT_THRESHOLD;

  static final String THRESHOLD_HELP =
      "An alert threshold set in the configuration (alerting.thresholds) for one shop or sync"
          + " job, by threshold name; the rule pack uses it instead of its default.";

  /** What each service's changes can affect, for PostDeployRegression. */
  static final String CHANGE_SCOPE = MetricNames.CHANGE_SCOPE;

  static final String CHANGE_SCOPE_HELP =
      "Always 1: a change of this service can affect this marketplace, or this shop of it"
          + " (alerting.change_scopes in the configuration).";

  private final Map<Labels, Double> schedules = new LinkedHashMap<>();
  private final Map<Labels, Double> changeScopes = new LinkedHashMap<>();
  private final Map<Labels, Double> thresholds = new LinkedHashMap<>();

  AlertingSeries(AlertingConfig config) {
    for (SyncSchedule s : config.syncSchedules()) {
      schedules.put(
          scope(s.marketplace(), s.site(), s.shop(), s.system(), s.job()),
          (double) s.every().toMillis() / 1000);
    }
    for (ChangeScope c : config.changeScopes()) {
      changeScopes.put(
          Labels.of(
              "service",
              c.service(),
              "marketplace",
              c.marketplace(),
              "site",
              c.site(),
              "shop",
              c.shop()),
          1.0);
    }
    for (Threshold t : config.thresholds()) {
      Labels scope = scope(t.marketplace(), t.site(), t.shop(), t.system(), t.job());
      put(scope, "order_failure_ratio", t.orderFailureRatio());
      put(scope, "sync_lag_warning_seconds", t.syncLagWarningSeconds());
      put(scope, "sync_lag_critical_seconds", t.syncLagCriticalSeconds());
    }
  }

  private void put(Labels scope, String name, Double value) {
    if (value != null) {
      thresholds.put(scope.merge(Labels.of("threshold", name)), value);
    }
  }

  private static Labels scope(
      String marketplace, String site, String shop, String system, String job) {
    return Labels.of(
        "marketplace", marketplace, "site", site, "shop", shop, "system", system, "job", job);
  }

  /** The state's expected intervals with the configured ones; one sample per label set. */
  void expectedIntervals(Consumer<Samples> state, Samples out) {
    if (schedules.isEmpty()) {
      state.accept(out);
      return;
    }
    Map<Labels, Double> merged = new LinkedHashMap<>();
    state.accept((value, labels) -> merged.put(labels, value));
    merged.putAll(schedules);
    merged.forEach((labels, value) -> out.add(value, labels));
  }

  /** Whether the configuration sets the expected interval of this label set. */
  boolean scheduled(Labels labels) {
    return schedules.containsKey(labels);
  }

  /** The configured expected intervals alone. */
  void schedules(Samples out) {
    schedules.forEach((labels, value) -> out.add(value, labels));
  }

  void thresholds(Samples out) {
    thresholds.forEach((labels, value) -> out.add(value, labels));
  }

  void changeScopes(Samples out) {
    changeScopes.forEach((labels, value) -> out.add(value, labels));
  }
}
