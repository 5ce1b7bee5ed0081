package io.marketplaceexporter.operations.drill;

import io.marketplaceexporter.model.MetricNames;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The drills as metrics, so that a team sees its detection time over months: every finished drill
 * by result, and the time to each stage it reached. Every incident's series exist from start-up, at
 * 0 ({@code incident} is bounded by the catalogue, {@code stage} and {@code result} by the code).
 */
final class DrillMetrics {
  static final String[] TIMED_STAGES = {"firing", "delivered"};

  private final Counter drills;
  private final Histogram detection;

  DrillMetrics(PrometheusRegistry registry) {
    drills =
        Counter.builder()
            .name(MetricNames.DRILLS)
            .help("Finished fault drills, by incident and result (passed: every stage in time).")
            .labelNames("incident", "result")
            .register(registry);
    detection =
        Histogram.builder()
            .name(MetricNames.DRILL_DETECTION)
            .help(
                "Seconds from a drill's start until Prometheus had the alert firing (stage"
                    + " firing) and until the robot got the message (stage delivered).")
            .labelNames("incident", "stage")
            .classicOnly()
            .classicUpperBounds(15, 30, 60, 120, 300, 600, 900, 1800, 3600)
            .register(registry);
    for (DrillIncident i : DrillIncident.values()) {
      drills.initLabelValues(i.id(), DrillReport.PASSED);
      drills.initLabelValues(i.id(), DrillReport.FAILED);
      for (String stage : TIMED_STAGES) {
        detection.initLabelValues(i.id(), stage);
      }
    }
  }

  /** Counts a finished drill and observes the times of its timed stages that were reached. */
  void finished(DrillReport report) {
    drills.labelValues(report.incident(), report.result()).inc();
    for (String name : TIMED_STAGES) {
      DrillReport.Stage s = report.stage(name);
      if (s != null && s.ok() && s.seconds() != null) {
        detection.labelValues(report.incident(), name).observe(s.seconds());
      }
    }
  }
}
