package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One relay target: the robot (or robots, sent to in rotation) that receives a channel's messages,
 * their limits, the time zone for start times and who is mentioned. {@code url} and {@code secret}
 * are references ({@code ${ENV_NAME}}, {@code file:/path}) or, discouraged, the values themselves:
 * robot URLs carry access tokens. {@code maxMessageBytes} of 0 means the channel's default.
 */
public record RelayTargetConfig(
    List<Robot> robots,
    ZoneId timeZone,
    int maxMessagesPerMinute,
    int maxMessageBytes,
    Mention mention) {

  public RelayTargetConfig {
    robots = List.copyOf(robots);
    require(!robots.isEmpty(), "url", "must be set (or robots, a list of url and secret)");
    require(
        maxMessagesPerMinute > 0 && maxMessagesPerMinute <= 1000,
        "max_messages_per_minute",
        "must be 1..1000");
    require(
        maxMessageBytes == 0 || (maxMessageBytes >= 1024 && maxMessageBytes <= 1 << 20),
        "max_message_bytes",
        "must be between 1024 and 1048576");
  }

  @JsonCreator
  static RelayTargetConfig of(
      @JsonProperty("url") String url,
      @JsonProperty("secret") String secret,
      @JsonProperty("robots") List<Robot> robots,
      @JsonProperty("time_zone") String timeZone,
      @JsonProperty("max_messages_per_minute") Integer maxMessagesPerMinute,
      @JsonProperty("max_message_bytes") Integer maxMessageBytes,
      @JsonProperty("mention") Mention mention) {
    require(
        url == null || robots == null, "robots", "set either url (and secret) or robots, not both");
    require(secret == null || url != null, "secret", "is set but url is not");
    List<Robot> all = new ArrayList<>();
    if (url != null) {
      all.add(new Robot(url, secret));
    } else if (robots != null) {
      for (int i = 0; i < robots.size(); i++) {
        require(robots.get(i) != null, "robots[" + i + "]", "must be a mapping with url");
        all.add(robots.get(i));
      }
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(timeZone == null ? "Asia/Shanghai" : timeZone);
    } catch (DateTimeException e) {
      throw new ConfigException(
          "time_zone: unknown time zone \"" + timeZone + "\", use a name like Asia/Shanghai");
    }
    return new RelayTargetConfig(
        all,
        zone,
        maxMessagesPerMinute == null ? 20 : maxMessagesPerMinute,
        maxMessageBytes == null ? 0 : maxMessageBytes,
        mention == null ? Mention.none() : mention);
  }

  /** Channel-specific checks; {@code key} is this target's key below {@code relay}. */
  void validateFor(String channel, String key) {
    require(
        !channel.equals(RelayConfig.WECOM) || robots.stream().allMatch(r -> r.secret() == null),
        key + ".secret",
        "wecom robots are not signed (the key is part of the url); remove secret");
    if (!channel.equals(RelayConfig.DINGTALK)) {
      require(
          mention.mobiles().isEmpty()
              && mention.byLabel().values().stream()
                  .flatMap(m -> m.values().stream())
                  .allMatch(r -> r.mobiles().isEmpty()),
          key + ".mention",
          channel + " markdown messages can mention user ids only, not mobiles");
    }
  }

  /** A robot's webhook URL and optional signing secret, both references. */
  public record Robot(String url, String secret) {
    public Robot {
      require(url != null && !url.isEmpty(), "url", "must be set");
      require(secret == null || !secret.isEmpty(), "secret", "must not be empty when set");
    }

    @JsonCreator
    static Robot of(@JsonProperty("url") String url, @JsonProperty("secret") String secret) {
      return new Robot(url, secret);
    }

    @Override
    public String toString() {
      return "Robot[url=<secret>, secret=" + (secret == null ? "none" : "<secret>") + "]";
    }
  }

  /** People to mention: mobiles (DingTalk only) and user ids. */
  public record Recipients(List<String> mobiles, List<String> userIds) {
    public Recipients {
      mobiles = List.copyOf(mobiles);
      userIds = List.copyOf(userIds);
      for (String m : mobiles) {
        require(m.matches("\\+?[0-9-]{5,20}"), "mobiles", "\"" + m + "\" is not a phone number");
      }
      for (String u : userIds) {
        require(
            u.matches("[A-Za-z0-9_.@-]{1,64}"),
            "user_ids",
            "\"" + u + "\" is not a user id (letters, digits, _ . @ -)");
      }
    }

    @JsonCreator
    static Recipients of(
        @JsonProperty("mobiles") List<String> mobiles,
        @JsonProperty("user_ids") List<String> userIds) {
      return new Recipients(
          mobiles == null ? List.of() : mobiles, userIds == null ? List.of() : userIds);
    }

    public boolean isEmpty() {
      return mobiles.isEmpty() && userIds.isEmpty();
    }
  }

  /**
   * Who is mentioned on alerts whose {@code severity} label is one of {@code severities} (default
   * {@code critical}): the fixed {@code mobiles} and {@code userIds}, plus those that {@code
   * byLabel} maps an alert's label value to, for example {@code team: {payments: {mobiles:
   * [...]}}}.
   */
  public record Mention(
      List<String> severities,
      List<String> mobiles,
      List<String> userIds,
      Map<String, Map<String, Recipients>> byLabel) {
    public Mention {
      severities = List.copyOf(severities);
      new Recipients(mobiles, userIds);
      mobiles = List.copyOf(mobiles);
      userIds = List.copyOf(userIds);
      byLabel = Map.copyOf(byLabel);
      for (Map.Entry<String, Map<String, Recipients>> e : byLabel.entrySet()) {
        require(
            e.getValue() != null && !e.getValue().containsValue(null),
            "by_label." + e.getKey(),
            "must map label values to {mobiles, user_ids}");
      }
    }

    @JsonCreator
    static Mention of(
        @JsonProperty("severities") List<String> severities,
        @JsonProperty("mobiles") List<String> mobiles,
        @JsonProperty("user_ids") List<String> userIds,
        @JsonProperty("by_label") Map<String, Map<String, Recipients>> byLabel) {
      return new Mention(
          severities == null ? List.of("critical") : severities,
          mobiles == null ? List.of() : mobiles,
          userIds == null ? List.of() : userIds,
          byLabel == null ? Map.of() : byLabel);
    }

    static Mention none() {
      return of(null, null, null, null);
    }
  }
}
