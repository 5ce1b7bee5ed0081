package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketplaceexporter.model.Vocabulary;
import java.time.Duration;
import java.util.Map;

/**
 * Fault drills ({@code drills:}): the reserved shop drills play their incidents on, never a real
 * one, and how a drill is judged. {@code marketplace} must be one of the marketplaces events may
 * name (a drill's events go through the same validation as pushed ones), so the default is {@code
 * other}/{@code drill-shop}. {@code channel}/{@code target} name the relay target the report is
 * posted to (both empty: not posted). {@code firingDeadline}: from the start until Prometheus has
 * the alert firing; {@code deliveryDeadline}: from then until the robot got the message; {@code
 * runbookTimeout}: for the runbook link's answer; {@code tick}: how often the fault's events are
 * pushed again while the drill runs. {@code alerts} overrides, per incident, the alert it must
 * fire.
 */
public record DrillsConfig(
    boolean enabled,
    String marketplace,
    String site,
    String shop,
    String channel,
    String target,
    Duration firingDeadline,
    Duration deliveryDeadline,
    Duration runbookTimeout,
    Duration tick,
    Map<String, String> alerts) {
  public DrillsConfig {
    require(marketplace != null && !marketplace.isEmpty(), "marketplace", "must be set");
    require(
        Vocabulary.parse(Vocabulary.Marketplace.class, marketplace).isPresent(),
        "marketplace",
        "must be " + Vocabulary.allowed(Vocabulary.Marketplace.class));
    site = site == null ? "" : site;
    require(shop != null && !shop.isEmpty(), "shop", "must be set");
    channel = channel == null ? "" : channel;
    target = target == null ? "" : target;
    require(channel.isEmpty() == target.isEmpty(), "channel", "channel and target go together");
    require(
        channel.isEmpty() || channel.matches("dingtalk|wecom|feishu"),
        "channel",
        "must be one of dingtalk, wecom, feishu");
    requireBetween(firingDeadline, Duration.ofSeconds(5), Duration.ofHours(2), "firing_deadline");
    requireBetween(
        deliveryDeadline, Duration.ofSeconds(5), Duration.ofHours(1), "delivery_deadline");
    requireBetween(
        runbookTimeout, Duration.ofMillis(100), Duration.ofMinutes(1), "runbook_timeout");
    requireBetween(tick, Duration.ofMillis(100), Duration.ofMinutes(5), "tick");
    alerts = alerts == null ? Map.of() : Map.copyOf(alerts);
    alerts.forEach(
        (k, v) -> require(v != null && !v.isBlank(), "alerts." + k, "must name an alert"));
  }

  /** The reserved shop with the other settings at their defaults. */
  public DrillsConfig(String marketplace, String shop) {
    this(
        true,
        marketplace,
        "",
        shop,
        "",
        "",
        Duration.ofMinutes(30),
        Duration.ofMinutes(5),
        Duration.ofSeconds(5),
        Duration.ofSeconds(15),
        Map.of());
  }

  private static void requireBetween(Duration d, Duration min, Duration max, String key) {
    require(
        d.compareTo(min) >= 0 && d.compareTo(max) <= 0,
        key,
        "must be between " + Durations.format(min) + " and " + Durations.format(max));
  }

  @JsonCreator
  static DrillsConfig of(
      @JsonProperty("enabled") Boolean enabled,
      @JsonProperty("marketplace") String marketplace,
      @JsonProperty("site") String site,
      @JsonProperty("shop") String shop,
      @JsonProperty("channel") String channel,
      @JsonProperty("target") String target,
      @JsonProperty("firing_deadline") String firingDeadline,
      @JsonProperty("delivery_deadline") String deliveryDeadline,
      @JsonProperty("runbook_timeout") String runbookTimeout,
      @JsonProperty("tick") String tick,
      @JsonProperty("alerts") Map<String, String> alerts) {
    return new DrillsConfig(
        enabled == null || enabled,
        marketplace == null ? "other" : marketplace,
        site,
        shop == null ? "drill-shop" : shop,
        channel,
        target,
        ConfigLoader.duration(firingDeadline, "30m", "firing_deadline"),
        ConfigLoader.duration(deliveryDeadline, "5m", "delivery_deadline"),
        ConfigLoader.duration(runbookTimeout, "5s", "runbook_timeout"),
        ConfigLoader.duration(tick, "15s", "tick"),
        alerts);
  }

  /** Whether an alert with {@code labels} is about the drill shop (its messages say "drill"). */
  public boolean isDrill(Map<String, String> labels) {
    return marketplace.equals(labels.get("marketplace")) && shop.equals(labels.get("shop"));
  }

  public static DrillsConfig defaults() {
    return of(null, null, null, null, null, null, null, null, null, null, null);
  }
}
