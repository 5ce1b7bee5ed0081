package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Alertmanager webhook relay ({@code relay:}): robot targets per channel, keyed by the target
 * name used in {@code POST /alertmanager/{channel}/{target}}, and how long and how often a failed
 * delivery is retried. {@code queueCapacity} bounds the notifications waiting per target.
 */
public record RelayConfig(
    int queueCapacity,
    Duration initialBackoff,
    Duration maxBackoff,
    Duration giveUpAfter,
    Map<String, RelayTargetConfig> dingtalk,
    Map<String, RelayTargetConfig> wecom,
    Map<String, RelayTargetConfig> feishu) {

  /** The channels, in the order they are documented. */
  public static final String DINGTALK = "dingtalk";

  public static final String WECOM = "wecom";
  public static final String FEISHU = "feishu";

  public RelayConfig {
    require(
        queueCapacity > 0 && queueCapacity <= 1_000_000, "queue_capacity", "must be 1..1000000");
    require(
        initialBackoff.compareTo(Duration.ofMillis(100)) >= 0,
        "initial_backoff",
        "must be >= 100ms");
    require(maxBackoff.compareTo(initialBackoff) >= 0, "max_backoff", "must be >= initial_backoff");
    require(giveUpAfter.compareTo(maxBackoff) >= 0, "give_up_after", "must be >= max_backoff");
    dingtalk = copy(dingtalk, DINGTALK);
    wecom = copy(wecom, WECOM);
    feishu = copy(feishu, FEISHU);
  }

  @JsonCreator
  static RelayConfig of(
      @JsonProperty("queue_capacity") Integer queueCapacity,
      @JsonProperty("initial_backoff") String initialBackoff,
      @JsonProperty("max_backoff") String maxBackoff,
      @JsonProperty("give_up_after") String giveUpAfter,
      @JsonProperty(DINGTALK) Map<String, RelayTargetConfig> dingtalk,
      @JsonProperty(WECOM) Map<String, RelayTargetConfig> wecom,
      @JsonProperty(FEISHU) Map<String, RelayTargetConfig> feishu) {
    return new RelayConfig(
        queueCapacity == null ? 1000 : queueCapacity,
        ConfigLoader.duration(initialBackoff, "5s", "initial_backoff"),
        ConfigLoader.duration(maxBackoff, "5m", "max_backoff"),
        ConfigLoader.duration(giveUpAfter, "1h", "give_up_after"),
        dingtalk,
        wecom,
        feishu);
  }

  public static RelayConfig defaults() {
    return of(null, null, null, null, null, null, null);
  }

  /** The targets of one channel ({@code dingtalk}, {@code wecom}, {@code feishu}), or null. */
  public Map<String, RelayTargetConfig> targets(String channel) {
    return switch (channel) {
      case DINGTALK -> dingtalk;
      case WECOM -> wecom;
      case FEISHU -> feishu;
      default -> null;
    };
  }

  public boolean isEmpty() {
    return dingtalk.isEmpty() && wecom.isEmpty() && feishu.isEmpty();
  }

  private static Map<String, RelayTargetConfig> copy(
      Map<String, RelayTargetConfig> targets, String channel) {
    if (targets == null) {
      return Map.of();
    }
    Map<String, RelayTargetConfig> out = new LinkedHashMap<>();
    for (Map.Entry<String, RelayTargetConfig> e : targets.entrySet()) {
      String key = channel + "." + e.getKey();
      require(
          e.getKey().matches("[A-Za-z0-9_-]{1,64}"),
          key,
          "target names are 1 to 64 letters, digits, '_' or '-' (they are part of the URL)");
      require(e.getValue() != null, key, "must be a mapping with url (or robots)");
      e.getValue().validateFor(channel, key);
      out.put(e.getKey(), e.getValue());
    }
    return java.util.Collections.unmodifiableMap(out);
  }
}
