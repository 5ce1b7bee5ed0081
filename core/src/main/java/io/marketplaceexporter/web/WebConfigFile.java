package io.marketplaceexporter.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web configuration file, in the format of Prometheus' exporter toolkit
 * (docs/web-configuration.md of prometheus/exporter-toolkit): {@code tls_server_config}, {@code
 * http_server_config}, {@code basic_auth_users} and {@code rate_limit}. Read as strictly as the
 * main configuration (unknown keys, duplicate keys and anchors are errors naming the key).
 *
 * @param basicAuthUsers user name to bcrypt hash; empty means no basic authentication
 * @param rateLimit the token bucket every request passes; {@link RateLimit#none()} when not set
 */
public record WebConfigFile(
    TlsServerConfig tlsServerConfig,
    HttpServerConfig httpServerConfig,
    Map<String, String> basicAuthUsers,
    RateLimit rateLimit) {

  /** A bcrypt hash as htpasswd, Go's and OpenBSD's bcrypt write it: version, cost, salt+hash. */
  private static final Pattern BCRYPT = Pattern.compile("\\$2[aby]\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

  private static final String SECTIONS =
      "tls_server_config:, http_server_config:, basic_auth_users:, rate_limit:";

  public WebConfigFile {
    basicAuthUsers = Collections.unmodifiableMap(new TreeMap<>(basicAuthUsers));
    for (Map.Entry<String, String> u : basicAuthUsers.entrySet()) {
      String key = "basic_auth_users." + u.getKey();
      if (u.getKey().isEmpty()) {
        throw new ConfigException("basic_auth_users: a user name must not be empty");
      }
      if (u.getKey().indexOf(':') >= 0 || u.getKey().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new ConfigException(
            key
                + ": a user name must not contain ':' or control characters (basic auth cannot"
                + " send them)");
      }
      bcryptCost(u.getValue(), key);
    }
  }

  @JsonCreator
  static WebConfigFile of(
      @JsonProperty("tls_server_config") TlsServerConfig tls,
      @JsonProperty("http_server_config") HttpServerConfig http,
      @JsonProperty("basic_auth_users") Map<String, String> users,
      @JsonProperty("rate_limit") RateLimit rateLimit) {
    return new WebConfigFile(
        tls == null ? TlsServerConfig.none() : tls,
        http == null ? HttpServerConfig.defaults() : http,
        users == null ? Map.of() : users,
        rateLimit == null ? RateLimit.none() : rateLimit);
  }

  /** No TLS, no basic auth, no extra headers: what runs without {@code --web.config.file}. */
  public static WebConfigFile none() {
    return of(null, null, null, null);
  }

  /** Parses the file's text; errors name the key, like {@code tls_server_config.min_version}. */
  public static WebConfigFile parse(String yaml) {
    WebConfigFile c = ConfigLoader.bind(yaml, WebConfigFile.class, SECTIONS);
    return c == null ? none() : c;
  }

  /** Reads and parses {@code file}; its files are not read yet ({@link WebSecurity#load} does). */
  public static WebConfigFile read(Path file) {
    return parse(ConfigLoader.read(file));
  }

  /**
   * The cost of a bcrypt hash; fails naming {@code key} when {@code hash} is not one. The hash is
   * never echoed.
   */
  static int bcryptCost(String hash, String key) {
    Matcher m = BCRYPT.matcher(hash == null ? "" : hash);
    if (!m.matches()) {
      throw new ConfigException(
          key
              + ": not a bcrypt hash; expected $2y$, $2b$ or $2a$, a two-digit cost and 53"
              + " characters, as `htpasswd -nBC 10 USER` prints after the colon");
    }
    int cost = Integer.parseInt(m.group(1));
    if (cost < 4 || cost > 31) {
      throw new ConfigException(key + ": bcrypt cost must be 04..31, got " + m.group(1));
    }
    return cost;
  }

  /** The hashes are not printed. */
  @Override
  public String toString() {
    return "WebConfigFile[tls="
        + tlsServerConfig
        + ", http="
        + httpServerConfig
        + ", basicAuthUsers="
        + basicAuthUsers.keySet()
        + ", rateLimit="
        + rateLimit
        + "]";
  }
}
