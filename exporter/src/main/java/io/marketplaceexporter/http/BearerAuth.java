package io.marketplaceexporter.http;

import io.javalin.http.Context;
import io.marketplaceexporter.config.Secret;
import java.util.List;

/**
 * Requires {@code Authorization: Bearer <token>} when tokens are configured. Every token is
 * compared (in constant time), so neither timing nor the answer tells which part was wrong.
 */
final class BearerAuth {
  private final List<Secret> tokens;

  BearerAuth(List<Secret> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  boolean enabled() {
    return !tokens.isEmpty();
  }

  void check(Context ctx) {
    if (tokens.isEmpty()) {
      return;
    }
    String header = ctx.header("Authorization");
    String presented =
        header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
            ? header.substring(7).strip()
            : null;
    boolean ok = false;
    for (Secret t : tokens) {
      ok |= t.matches(presented);
    }
    if (!ok) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new BadRequest(401, "unauthorized");
    }
  }
}
