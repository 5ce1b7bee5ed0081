package io.marketplaceexporter.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who may call the API and the relay. With bearer tokens configured, {@code /api/v1/*} and {@code
 * /alertmanager/*} require one of them. Without any, reads stay open but nothing that changes state
 * or pages a person (ingest, retiring a shop, the relay) answers, unless {@code
 * allowUnauthenticated} says so explicitly; a relay with robots and no token does not start. Each
 * token entry is a reference ({@code ${ENV_NAME}}, {@code file:/path}) or, discouraged, the token
 * itself.
 */
public record AuthConfig(List<String> bearerTokens, boolean allowUnauthenticated) {
  /** Also accepted as a token when set, so a token need not be written into the config file. */
  public static final String TOKEN_ENV = "MARKETPLACE_EXPORTER_TOKEN";

  public AuthConfig {
    bearerTokens = List.copyOf(bearerTokens);
  }

  @JsonCreator
  static AuthConfig of(
      @JsonProperty("bearer_tokens") List<String> bearerTokens,
      @JsonProperty("allow_unauthenticated") Boolean allowUnauthenticated) {
    return new AuthConfig(
        bearerTokens == null ? List.of() : bearerTokens,
        allowUnauthenticated != null && allowUnauthenticated);
  }

  public static AuthConfig defaults() {
    return of(null, null);
  }

  /**
   * Fails when {@code relay} has robots but there is no token to protect it ({@code tokens} as
   * {@link #resolve} gave them) and {@code allow_unauthenticated} is not set: anyone who could
   * reach the exporter could otherwise post to the on-call groups.
   */
  public void requireRelayCredential(RelayConfig relay, List<Secret> tokens) {
    if (!relay.isEmpty() && tokens.isEmpty() && !allowUnauthenticated) {
      throw new ConfigException(
          "relay: robots are configured but no bearer token is (auth.bearer_tokens, "
              + TOKEN_ENV
              + "), so anyone who can reach the exporter could post to them; set a token and send"
              + " it from Alertmanager (http_config.authorization), or set"
              + " auth.allow_unauthenticated: true");
    }
  }

  /** Resolves every reference, plus {@value #TOKEN_ENV} when set. */
  public List<Secret> resolve(Map<String, String> env) {
    List<Secret> out = new ArrayList<>();
    for (int i = 0; i < bearerTokens.size(); i++) {
      out.add(Secret.resolve(bearerTokens.get(i), "auth.bearer_tokens[" + i + "]", env));
    }
    String fromEnv = env.get(TOKEN_ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      out.add(Secret.of(fromEnv.strip()));
    }
    return out;
  }

  @Override
  public String toString() {
    return "AuthConfig[bearerTokens="
        + bearerTokens.size()
        + " configured, allowUnauthenticated="
        + allowUnauthenticated
        + "]";
  }
}
