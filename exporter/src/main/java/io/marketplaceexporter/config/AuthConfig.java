package io.marketplaceexporter.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bearer tokens that {@code /api/v1/*} requires when any is configured. Each entry is a reference
 * ({@code ${ENV_NAME}}, {@code file:/path}) or, discouraged, the token itself.
 */
public record AuthConfig(List<String> bearerTokens) {
  /** Also accepted as a token when set, so a token need not be written into the config file. */
  public static final String TOKEN_ENV = "MARKETPLACE_EXPORTER_TOKEN";

  public AuthConfig {
    bearerTokens = List.copyOf(bearerTokens);
  }

  @JsonCreator
  static AuthConfig of(@JsonProperty("bearer_tokens") List<String> bearerTokens) {
    return new AuthConfig(bearerTokens == null ? List.of() : bearerTokens);
  }

  public static AuthConfig defaults() {
    return of(null);
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
    return "AuthConfig[bearerTokens=" + bearerTokens.size() + " configured]";
  }
}
