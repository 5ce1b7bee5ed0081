package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;
import static io.marketplaceexporter.config.ConfigException.requireBetween;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The Prometheus whose HTTP API the verification and deploy watches and the drills query ({@code
 * prometheus:}); {@code url} empty means none is configured. {@code bearerToken} and {@code
 * basicAuth}'s password are secret references ({@code ${ENV}}, {@code file:/path}), resolved by
 * {@link #credentials}. {@code interval} is how often a watch asks; {@code verificationDeadline}
 * how long the verification watch waits for a runbook's condition to hold after a rollback; {@code
 * verificationFor}, when set, replaces every runbook block's {@code # for:} (how long the condition
 * must hold), null keeps the runbooks' own.
 */
public record PrometheusApiConfig(
    String url,
    Duration timeout,
    String bearerToken,
    BasicAuth basicAuth,
    Duration interval,
    Duration verificationDeadline,
    Duration verificationFor) {
  public PrometheusApiConfig {
    url = url == null ? "" : url;
    require(
        url.isEmpty() || url.startsWith("http://") || url.startsWith("https://"),
        "url",
        "must start with http:// or https://");
    require(url.isEmpty() || hostOf(url) != null, "url", "is not a valid URL with a host");
    require(
        url.isEmpty() || URI.create(url).getRawUserInfo() == null,
        "url",
        "must not carry credentials: use basic_auth or bearer_token");
    requireBetween(timeout, Duration.ofMillis(100), Duration.ofMinutes(2), "timeout");
    require(
        bearerToken == null || basicAuth == null,
        "bearer_token",
        "set either bearer_token or basic_auth, not both");
    requireBetween(interval, Duration.ofSeconds(1), Duration.ofMinutes(10), "interval");
    requireBetween(
        verificationDeadline, Duration.ofMinutes(1), Duration.ofHours(24), "verification_deadline");
    if (verificationFor != null) {
      requireBetween(
          verificationFor, Duration.ofSeconds(1), Duration.ofHours(24), "verification_for");
    }
  }

  /** Convenience for tests and code: a Prometheus at {@code url}, everything else by default. */
  public PrometheusApiConfig(String url, Duration timeout) {
    this(url, timeout, null, null, Duration.ofSeconds(30), Duration.ofMinutes(30), null);
  }

  @JsonCreator
  static PrometheusApiConfig of(
      @JsonProperty("url") String url,
      @JsonProperty("timeout") String timeout,
      @JsonProperty("bearer_token") String bearerToken,
      @JsonProperty("basic_auth") BasicAuth basicAuth,
      @JsonProperty("interval") String interval,
      @JsonProperty("verification_deadline") String verificationDeadline,
      @JsonProperty("verification_for") String verificationFor) {
    return new PrometheusApiConfig(
        url,
        ConfigLoader.duration(timeout, "10s", "timeout"),
        bearerToken,
        basicAuth,
        ConfigLoader.duration(interval, "30s", "interval"),
        ConfigLoader.duration(verificationDeadline, "30m", "verification_deadline"),
        verificationFor == null
            ? null
            : ConfigLoader.duration(verificationFor, "0s", "verification_for"));
  }

  public static PrometheusApiConfig defaults() {
    return of(null, null, null, null, null, null, null);
  }

  private static String hostOf(String url) {
    try {
      return new URI(url).getHost();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Whether a Prometheus is configured. */
  public boolean configured() {
    return !url.isEmpty();
  }

  /** These settings with {@code url} (tests point them at a loopback server). */
  public PrometheusApiConfig withUrl(String newUrl) {
    return new PrometheusApiConfig(
        newUrl, timeout, bearerToken, basicAuth, interval, verificationDeadline, verificationFor);
  }

  /**
   * The {@code Authorization} header value, with the secret references resolved from {@code env};
   * empty without credentials. Never log it.
   */
  public Optional<Secret> credentials(Map<String, String> env) {
    if (bearerToken != null) {
      return Optional.of(
          Secret.of("Bearer " + Secret.resolve(bearerToken, "bearer_token", env).reveal()));
    }
    if (basicAuth != null) {
      String password = Secret.resolve(basicAuth.password(), "basic_auth.password", env).reveal();
      String pair = basicAuth.username() + ":" + password;
      return Optional.of(
          Secret.of(
              "Basic "
                  + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))));
    }
    return Optional.empty();
  }

  /** {@code basic_auth:} {@code username} and {@code password} (a secret reference). */
  public record BasicAuth(String username, String password) {
    public BasicAuth {
      require(username != null && !username.isEmpty(), "username", "must be set");
      require(username.indexOf(':') < 0, "username", "must not contain ':'");
      require(password != null && !password.isEmpty(), "password", "must be set");
    }

    @JsonCreator
    static BasicAuth of(
        @JsonProperty("username") String username, @JsonProperty("password") String password) {
      return new BasicAuth(username, password);
    }

    @Override
    public String toString() {
      return "BasicAuth[username=" + username + ", password=<secret reference>]";
    }
  }

  @Override
  public String toString() {
    return "PrometheusApiConfig[url="
        + url
        + ", timeout="
        + timeout
        + ", auth="
        + (bearerToken != null ? "bearer" : basicAuth != null ? "basic" : "none")
        + ", interval="
        + interval
        + ", verification_deadline="
        + verificationDeadline
        + "]";
  }
}
