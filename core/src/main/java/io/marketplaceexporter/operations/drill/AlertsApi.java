package io.marketplaceexporter.operations.drill;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The one question a drill asks Prometheus: which alerts are active now ({@code GET
 * /api/v1/alerts}). Kept to one method so that it can be served by whichever Prometheus API client
 * the exporter has ({@link PrometheusAlerts} here).
 */
public interface AlertsApi {
  /** The active alerts, pending and firing; fails when Prometheus cannot be asked. */
  List<ActiveAlert> activeAlerts() throws IOException;

  /** An alert as {@code /api/v1/alerts} lists it: its labels, annotations and state. */
  record ActiveAlert(Map<String, String> labels, Map<String, String> annotations, String state) {
    public ActiveAlert {
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
    }

    boolean firing() {
      return "firing".equals(state);
    }
  }
}
