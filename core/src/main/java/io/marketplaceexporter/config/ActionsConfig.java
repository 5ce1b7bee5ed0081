package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Rollback actions approved from the chat ({@code actions:}): the exporter's URL as an approver's
 * phone reaches it ({@code externalUrl}, without a trailing slash; empty when no link is to be
 * sent), how long an approval link stays valid, the key that signs the links ({@code signingKey}, a
 * secret reference resolved at start-up; null: a key generated once and kept under {@code
 * --storage.path}) and the named {@code rollbacks}.
 */
public record ActionsConfig(
    String externalUrl, Duration linkTtl, String signingKey, List<RollbackActionConfig> rollbacks) {
  public ActionsConfig {
    externalUrl = externalUrl == null ? "" : externalUrl.strip();
    while (externalUrl.endsWith("/")) {
      externalUrl = externalUrl.substring(0, externalUrl.length() - 1);
    }
    require(
        linkTtl.compareTo(Duration.ofMinutes(1)) >= 0 && linkTtl.compareTo(Duration.ofDays(1)) <= 0,
        "link_ttl",
        "must be between 1m and 24h");
    if (!externalUrl.isEmpty()) {
      URI u = parseUrl(externalUrl);
      require(
          u != null
              && ("http".equals(u.getScheme()) || "https".equals(u.getScheme()))
              && u.getHost() != null
              && u.getRawQuery() == null
              && u.getRawFragment() == null
              && u.getRawUserInfo() == null,
          "external_url",
          "must be an http:// or https:// URL without user, query or fragment, such as"
              + " https://exporter.example.com");
    }
    require(signingKey == null || !signingKey.isEmpty(), "signing_key", "must not be empty");
    rollbacks = rollbacks == null ? List.of() : List.copyOf(rollbacks);
    Set<String> names = new HashSet<>();
    for (int i = 0; i < rollbacks.size(); i++) {
      require(
          names.add(rollbacks.get(i).name()),
          "rollbacks[" + i + "].name",
          "\"" + rollbacks.get(i).name() + "\" is used by an earlier action");
    }
  }

  /** Without actions and with a generated signing key. */
  public ActionsConfig(String externalUrl, Duration linkTtl) {
    this(externalUrl, linkTtl, null, List.of());
  }

  @JsonCreator
  static ActionsConfig of(
      @JsonProperty("external_url") String externalUrl,
      @JsonProperty("link_ttl") String linkTtl,
      @JsonProperty("signing_key") String signingKey,
      @JsonProperty("rollbacks") List<RollbackActionConfig> rollbacks) {
    return new ActionsConfig(
        externalUrl, ConfigLoader.duration(linkTtl, "1h", "link_ttl"), signingKey, rollbacks);
  }

  public static ActionsConfig defaults() {
    return of(null, null, null, null);
  }

  /** Whether approval links are sent: an external URL and at least one action. */
  public boolean linksEnabled() {
    return !externalUrl.isEmpty() && !rollbacks.isEmpty();
  }

  private static URI parseUrl(String s) {
    try {
      return new URI(s);
    } catch (java.net.URISyntaxException e) {
      return null;
    }
  }
}
