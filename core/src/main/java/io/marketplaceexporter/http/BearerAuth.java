package io.marketplaceexporter.http;

import io.javalin.http.Context;
import io.marketplaceexporter.config.AuthConfig;
import io.marketplaceexporter.config.Secret;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call {@code /api/v1/*} and {@code /alertmanager/*}. With tokens configured, every request
 * there needs {@code Authorization: Bearer <token>}; every token is compared (in constant time), so
 * neither timing nor the answer tells which part was wrong. Without tokens, reads answer anyone,
 * and requests that change state or page a person (every other method) answer 403 unless {@code
 * auth.allow_unauthenticated} is set, or they are a plug-in's {@link OpenControls} (the demo's,
 * which change only the in-process sandbox).
 */
public final class BearerAuth {
  /** The methods that only read. */
  private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

  /** What changes state or pages a person, as the start-up line names it. */
  private static final String WRITES =
      "POST /api/v1/events, DELETE /api/v1/shops/..., POST /alertmanager/...";

  private final List<Secret> tokens;
  private final boolean allowUnauthenticated;
  private final List<OpenControls> open;

  /**
   * Routes under {@code pathPrefix} that answer anyone when no token is configured.
   *
   * @param name what they are, for the start-up line ({@code the demo's controls})
   * @param summary the start-up line's clause when no token is configured
   */
  public record OpenControls(String pathPrefix, String name, String summary) {}

  /**
   * @param tokens the resolved tokens (configured ones and {@code MARKETPLACE_EXPORTER_TOKEN})
   * @param allowUnauthenticated {@code auth.allow_unauthenticated}: without tokens, let requests
   *     that change state through
   * @param open without tokens, let requests to these routes through (the demo's controls)
   */
  public BearerAuth(List<Secret> tokens, boolean allowUnauthenticated, List<OpenControls> open) {
    this.tokens = List.copyOf(tokens);
    this.allowUnauthenticated = allowUnauthenticated;
    this.open = List.copyOf(open);
  }

  boolean enabled() {
    return !tokens.isEmpty();
  }

  /**
   * One line for the start-up log: which endpoints answer without a credential. {@link #isOpen()}
   * tells whether it should be a warning.
   */
  public String summary() {
    String alwaysOpen = "GET /metrics, /, /status.json, /-/healthy, /-/ready";
    if (!tokens.isEmpty()) {
      return "access: /api/v1/* and /alertmanager/* require a bearer token; open: " + alwaysOpen;
    }
    String reads = alwaysOpen + ", GET /api/v1/*";
    if (allowUnauthenticated) {
      return "access: no bearer token and auth.allow_unauthenticated is true, so anyone who can"
          + " reach this port may call "
          + WRITES
          + open.stream().map(o -> " and " + o.name()).collect(Collectors.joining())
          + "; open: "
          + reads;
    }
    return "access: no bearer token configured (auth.bearer_tokens, "
        + AuthConfig.TOKEN_ENV
        + "), so "
        + WRITES
        + " answer 403"
        + open.stream().map(o -> "; " + o.summary()).collect(Collectors.joining())
        + "; open: "
        + reads;
  }

  /** Whether anything that changes state answers without a credential. */
  public boolean isOpen() {
    return tokens.isEmpty() && (allowUnauthenticated || !open.isEmpty());
  }

  void check(Context ctx) {
    if (tokens.isEmpty()) {
      if (allowUnauthenticated
          || READS.contains(ctx.req().getMethod())
          || open.stream().anyMatch(o -> ctx.path().startsWith(o.pathPrefix()))) {
        return;
      }
      throw new BadRequest(
          403,
          "no bearer token is configured (auth.bearer_tokens, "
              + AuthConfig.TOKEN_ENV
              + "), so requests that change state are refused; configure one, or set"
              + " auth.allow_unauthenticated: true");
    }
    if (!accepts(ctx)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new BadRequest(401, "unauthorized");
    }
  }

  /**
   * Whether the request carries {@code Authorization: Bearer} with one of the tokens; false when
   * none is configured. Also a credential for the web configuration's basic auth.
   */
  boolean accepts(Context ctx) {
    String header = ctx.header("Authorization");
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip()
            : null;
    boolean ok = false;
    for (Secret t : tokens) {
      ok |= t.matches(presented);
    }
    return ok;
  }
}
