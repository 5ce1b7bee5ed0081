package io.marketplaceexporter.operations.watch;

import io.marketplaceexporter.model.MetricNames;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Set;

/**
 * The watches' metrics: verification results per alert, deploy verdicts, and how many watches run.
 * Every series exists from start-up (at 0) for the alerts whose runbook has a check, so a rate over
 * them works from the first verdict; an alert without a check counts as {@code alertname="other"}.
 */
public final class WatchMetrics {
  /** Results of a verification. */
  public static final List<String> RESULTS = List.of("verified", "not_recovered", "unverifiable");

  /** Verdicts of a deploy watch. */
  public static final List<String> VERDICTS = List.of("no_regression", "regression", "no_data");

  static final String OTHER = "other";

  private final Counter verifications;
  private final Counter deployVerdicts;
  private final Gauge running;
  private final Set<String> alertnames;

  /** Registers the metrics; {@code alertnames} are the alerts that have a check. */
  public WatchMetrics(PrometheusRegistry registry, Set<String> alertnames) {
    this.alertnames = Set.copyOf(alertnames);
    verifications =
        Counter.builder()
            .name(MetricNames.VERIFICATIONS)
            .help(
                "Verification watches ended after a rollback, by alert and result: verified (the"
                    + " runbook's check held long enough), not_recovered (it did not by the"
                    + " deadline), unverifiable (no check or no Prometheus).")
            .labelNames("alertname", "result")
            .register(registry);
    deployVerdicts =
        Counter.builder()
            .name(MetricNames.DEPLOY_WATCH_VERDICTS)
            .help(
                "Deploy watches ended, by verdict: no_regression, regression (posted with the"
                    + " rollback button), no_data (Prometheus had no figures).")
            .labelNames("verdict")
            .register(registry);
    running =
        Gauge.builder()
            .name(MetricNames.WATCHES_RUNNING)
            .help("Watches running now, by watch: verification, deploy.")
            .labelNames("watch")
            .register(registry);
    for (String a : alertnames) {
      RESULTS.forEach(r -> verifications.labelValues(a, r).inc(0));
    }
    RESULTS.forEach(r -> verifications.labelValues(OTHER, r).inc(0));
    VERDICTS.forEach(v -> deployVerdicts.labelValues(v).inc(0));
    running.labelValues("verification").set(0);
    running.labelValues("deploy").set(0);
  }

  void verification(String alertname, String result) {
    verifications.labelValues(alertnames.contains(alertname) ? alertname : OTHER, result).inc();
  }

  void deployVerdict(String verdict) {
    deployVerdicts.labelValues(verdict).inc();
  }

  void running(String watch, int n) {
    running.labelValues(watch).set(n);
  }
}
