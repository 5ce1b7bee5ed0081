package io.marketplaceexporter.alerting;

import java.util.List;
import java.util.Map;

/**
 * One Alertmanager notification: a group of alerts as the webhook receiver sends it (payload
 * version 4), reduced to what the messages use. Also the unit the relay queues and persists.
 */
public record AlertGroup(
    String receiver,
    String status,
    String groupKey,
    Map<String, String> groupLabels,
    Map<String, String> commonLabels,
    Map<String, String> commonAnnotations,
    String externalUrl,
    int truncatedAlerts,
    List<Alert> alerts) {

  public AlertGroup {
    groupLabels = Map.copyOf(groupLabels);
    commonLabels = Map.copyOf(commonLabels);
    commonAnnotations = Map.copyOf(commonAnnotations);
    alerts = List.copyOf(alerts);
  }

  /** One alert of the group; times are RFC 3339 as Alertmanager sent them. */
  public record Alert(
      String status,
      Map<String, String> labels,
      Map<String, String> annotations,
      String startsAt,
      String endsAt,
      String generatorUrl,
      String fingerprint) {
    public Alert {
      labels = Map.copyOf(labels);
      annotations = Map.copyOf(annotations);
    }

    public boolean firing() {
      return "firing".equals(status);
    }

    public String label(String name) {
      return labels.getOrDefault(name, "");
    }

    public String annotation(String name) {
      return annotations.getOrDefault(name, "");
    }
  }

  public boolean firing() {
    return "firing".equals(status);
  }
}
