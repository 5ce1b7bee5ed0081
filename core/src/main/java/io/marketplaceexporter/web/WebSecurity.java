package io.marketplaceexporter.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.marketplaceexporter.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The web configuration file loaded and checked: TLS for the HTTP server, the headers added to
 * every answer, the rate limit and basic authentication for every path. Loaded once at start-up,
 * where every problem (a missing certificate, a key that does not match it, a malformed bcrypt
 * hash) is an error naming the key; to change it, restart the exporter. Without {@code
 * --web.config.file} it is {@link #none()}: plain HTTP, no basic auth, no extra headers.
 */
public final class WebSecurity {
  private final WebConfigFile config;
  private final TlsContext tls;
  private final BasicAuth basicAuth;
  private final RequestRateLimiter rateLimiter;

  /** Demo mode's approver (see {@link #withDemoApprover}); null outside demo mode. */
  private final String demoUser;

  private final byte[] demoPassword;

  private WebSecurity(
      WebConfigFile config, TlsContext tls, BasicAuth basicAuth, RequestRateLimiter rateLimiter) {
    this(config, tls, basicAuth, rateLimiter, null, null);
  }

  private WebSecurity(
      WebConfigFile config,
      TlsContext tls,
      BasicAuth basicAuth,
      RequestRateLimiter rateLimiter,
      String demoUser,
      byte[] demoPassword) {
    this.config = config;
    this.tls = tls;
    this.basicAuth = basicAuth;
    this.rateLimiter = rateLimiter;
    this.demoUser = demoUser;
    this.demoPassword = demoPassword;
  }

  private static final WebSecurity NONE = new WebSecurity(WebConfigFile.none(), null, null, null);

  /**
   * Demo mode only (the launcher calls it for {@code --demo} without configured actions): this
   * configuration plus one user who signs in on the approval page only. {@link #users()} lists it,
   * {@link #verifyPassword} accepts it; basic auth ({@link #admit}) does not know it, so the other
   * pages stay as open or as closed as the file makes them. A name of {@code basic_auth_users}
   * cannot be taken.
   */
  public WebSecurity withDemoApprover(String user, String password) {
    if (config.basicAuthUsers().containsKey(user)) {
      throw new ConfigException(
          "demo mode: the demo approver \"" + user + "\" is a user of basic_auth_users");
    }
    return new WebSecurity(
        config,
        tls,
        basicAuth,
        rateLimiter,
        user,
        password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  public static WebSecurity none() {
    return NONE;
  }

  /**
   * Reads {@code file} and everything it names (relative file names are relative to the file's
   * directory, as in the exporter toolkit); errors are {@link ConfigException}s naming the key.
   */
  public static WebSecurity load(Path file) {
    Path dir = file.toAbsolutePath().getParent();
    return of(WebConfigFile.read(file), dir);
  }

  /** {@code config} with its files read, relative names resolved against {@code baseDir}. */
  public static WebSecurity of(WebConfigFile config, Path baseDir) {
    return of(config, baseDir, System::nanoTime);
  }

  /** As {@link #of(WebConfigFile, Path)}, the rate limit reading the time from {@code nanoTime}. */
  static WebSecurity of(WebConfigFile config, Path baseDir, LongSupplier nanoTime) {
    TlsContext tls =
        config.tlsServerConfig().enabled()
            ? TlsContext.load(config.tlsServerConfig(), baseDir)
            : null;
    BasicAuth auth =
        config.basicAuthUsers().isEmpty() ? null : new BasicAuth(config.basicAuthUsers());
    RequestRateLimiter limiter =
        config.rateLimit().enabled() ? new RequestRateLimiter(config.rateLimit(), nanoTime) : null;
    return new WebSecurity(config, tls, auth, limiter);
  }

  /** Whether the server speaks HTTPS. */
  public boolean tls() {
    return tls != null;
  }

  /**
   * Adds the HTTPS connector to {@code config} when TLS is configured; Javalin then opens it
   * instead of its plain one, on {@code host:port} (host null: every interface).
   */
  public void configure(JavalinConfig config, String host, int port) {
    if (tls != null) {
      config.jetty.addConnector((server, http) -> tls.connector(server, http, host, port));
    }
  }

  /**
   * Sets the configured headers on the answer, then decides whether the request may go on, in the
   * exporter toolkit's order: first the rate limit (a refused request costs no password check; on a
   * refusal {@code Retry-After} is set), then basic auth: without users every request passes;
   * otherwise one with a valid {@code Authorization: Basic}, or one that {@code otherCredential}
   * accepts (a valid bearer token: one {@code Authorization} header cannot carry both). On that
   * refusal it sets {@code WWW-Authenticate: Basic}. The caller answers the refusal's status.
   */
  public Admission admit(Context ctx, Predicate<Context> otherCredential) {
    for (Map.Entry<String, String> h : config.httpServerConfig().headers().entrySet()) {
      ctx.header(h.getKey(), h.getValue());
    }
    if (rateLimiter != null) {
      Duration wait = rateLimiter.acquire();
      if (!wait.isZero()) {
        long seconds = wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0);
        ctx.header("Retry-After", Long.toString(seconds));
        return Admission.RATE_LIMITED;
      }
    }
    if (basicAuth == null
        || basicAuth.admits(ctx.header("Authorization"))
        || otherCredential.test(ctx)) {
      return Admission.ADMITTED;
    }
    ctx.header("WWW-Authenticate", "Basic realm=\"marketplace-exporter\", charset=\"UTF-8\"");
    return Admission.UNAUTHORIZED;
  }

  /** The user names of {@code basic_auth_users}; empty without basic auth. */
  public java.util.Set<String> users() {
    if (demoUser == null) {
      return config.basicAuthUsers().keySet();
    }
    java.util.Set<String> all = new java.util.TreeSet<>(config.basicAuthUsers().keySet());
    all.add(demoUser);
    return all;
  }

  /**
   * Whether {@code password} is the password of {@code user} of {@code basic_auth_users}, checked
   * as basic auth checks it (bcrypt, one check at a time, a decoy hash for unknown users); false
   * without basic auth. For the approval page's sign-in form.
   */
  public boolean verifyPassword(String user, String password) {
    if (demoUser != null && demoUser.equals(user) && password != null) {
      return java.security.MessageDigest.isEqual(
          demoPassword, password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return basicAuth != null
        && user != null
        && password != null
        && basicAuth.verifies(user, password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** One line for the start-up log: TLS or not, basic auth or not. */
  public String summary() {
    StringBuilder sb = new StringBuilder("web: ");
    if (tls == null) {
      sb.append("plain HTTP (no TLS configured)");
    } else {
      TlsServerConfig t = config.tlsServerConfig();
      sb.append("HTTPS, TLS ")
          .append(t.minVersion())
          .append("..")
          .append(t.maxVersion())
          .append(", certificate ")
          .append(tls.certificate().getSubjectX500Principal().getName())
          .append(" valid until ")
          .append(tls.certificate().getNotAfter().toInstant());
      if (t.clientAuthType() != ClientAuthType.NO_CLIENT_CERT) {
        sb.append(", client certificates: ").append(t.clientAuthType().configName);
      }
      if (!t.clientAllowedSans().isEmpty()) {
        sb.append(" with a SAN of ").append(t.clientAllowedSans());
      }
      if (!t.curvePreferences().isEmpty()) {
        sb.append(", curves ")
            .append(t.curvePreferences().stream().map(c -> c.configName).toList());
      }
    }
    sb.append(
        basicAuth == null
            ? "; no basic auth"
            : "; basic auth on every path for " + config.basicAuthUsers().size() + " user(s)");
    if (rateLimiter != null) {
      sb.append("; rate limit on every path: ").append(config.rateLimit());
    }
    return sb.toString();
  }

  /** Whether the server certificate has expired or is not valid yet at {@code now}. */
  public boolean certificateOutOfDate(Instant now) {
    return tls != null
        && (now.isAfter(tls.certificate().getNotAfter().toInstant())
            || now.isBefore(tls.certificate().getNotBefore().toInstant()));
  }
}
