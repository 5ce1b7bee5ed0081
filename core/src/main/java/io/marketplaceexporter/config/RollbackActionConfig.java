package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One named rollback action ({@code actions.rollbacks[i]}): the {@code alerts} (alert names) it
 * serves, narrowed by {@code match} (label name to the exact value the alert must carry, such as
 * {@code shop} or {@code marketplace}), the web configuration's users who may approve it, the
 * {@code request} that starts the rollback, the {@code cooldown} between two runs, and the alert
 * names for which it runs without approval ({@code automatic}; none by default). {@code service}
 * names the service of the {@code change} event a run records (default: the action's name).
 */
public record RollbackActionConfig(
    String name,
    String service,
    List<String> alerts,
    Map<String, String> match,
    List<String> approvers,
    ActionRequestConfig request,
    Duration cooldown,
    List<String> automatic) {
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");
  static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

  public RollbackActionConfig {
    require(
        name != null && NAME.matcher(name).matches(),
        "name",
        "must be 1-64 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit");
    service = service == null || service.isEmpty() ? name : service;
    require(service.length() <= 128, "service", "must be at most 128 characters");
    require(alerts != null && !alerts.isEmpty(), "alerts", "must list at least one alert name");
    alerts = List.copyOf(alerts);
    for (int i = 0; i < alerts.size(); i++) {
      require(
          alerts.get(i) != null && LABEL.matcher(alerts.get(i)).matches(),
          "alerts[" + i + "]",
          "must be an alert name");
    }
    match = match == null ? Map.of() : new TreeMap<>(match);
    for (Map.Entry<String, String> m : match.entrySet()) {
      require(LABEL.matcher(m.getKey()).matches(), "match." + m.getKey(), "not a label name");
      require(m.getValue() != null, "match." + m.getKey(), "must be a value");
    }
    match = Map.copyOf(match);
    require(
        approvers != null && !approvers.isEmpty(),
        "approvers",
        "must list at least one user of the web configuration's basic_auth_users");
    approvers = List.copyOf(approvers);
    require(request != null, "request", "must be set");
    require(!cooldown.isNegative(), "cooldown", "must not be negative");
    automatic = automatic == null ? List.of() : List.copyOf(automatic);
    for (int i = 0; i < automatic.size(); i++) {
      require(
          alerts.contains(automatic.get(i)),
          "automatic[" + i + "]",
          "\"" + automatic.get(i) + "\" is not one of this action's alerts");
    }
  }

  @JsonCreator
  static RollbackActionConfig of(
      @JsonProperty("name") String name,
      @JsonProperty("service") String service,
      @JsonProperty("alerts") List<String> alerts,
      @JsonProperty("match") Map<String, String> match,
      @JsonProperty("approvers") List<String> approvers,
      @JsonProperty("request") ActionRequestConfig request,
      @JsonProperty("cooldown") String cooldown,
      @JsonProperty("automatic") List<String> automatic) {
    return new RollbackActionConfig(
        name,
        service,
        alerts,
        match,
        approvers,
        request,
        ConfigLoader.duration(cooldown, "30m", "cooldown"),
        automatic);
  }

  /** Whether this action serves a firing alert with {@code labels} ({@code alertname} included). */
  public boolean serves(Map<String, String> labels) {
    if (!alerts.contains(labels.get("alertname"))) {
      return false;
    }
    for (Map.Entry<String, String> m : match.entrySet()) {
      if (!m.getValue().equals(labels.get(m.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** Whether it runs for {@code labels} without approval. */
  public boolean automaticFor(Map<String, String> labels) {
    return serves(labels) && automatic.contains(labels.get("alertname"));
  }
}
