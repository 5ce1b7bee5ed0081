package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * Rollback actions approved from the chat ({@code actions:}): the exporter's URL as an approver's
 * phone reaches it ({@code externalUrl}, empty when no link is to be sent) and how long an approval
 * link stays valid.
 */
public record ActionsConfig(String externalUrl, Duration linkTtl) {
  public ActionsConfig {
    externalUrl = externalUrl == null ? "" : externalUrl;
    require(
        linkTtl.compareTo(Duration.ofMinutes(1)) >= 0 && linkTtl.compareTo(Duration.ofDays(1)) <= 0,
        "link_ttl",
        "must be between 1m and 24h");
  }

  @JsonCreator
  static ActionsConfig of(
      @JsonProperty("external_url") String externalUrl, @JsonProperty("link_ttl") String linkTtl) {
    return new ActionsConfig(externalUrl, ConfigLoader.duration(linkTtl, "1h", "link_ttl"));
  }

  public static ActionsConfig defaults() {
    return of(null, null);
  }
}
