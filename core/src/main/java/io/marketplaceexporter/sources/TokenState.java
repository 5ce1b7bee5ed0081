package io.marketplaceexporter.sources;

import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import java.util.function.Consumer;
import java.util.function.ObjDoubleConsumer;

/**
 * A shop's OAuth tokens and their expiries (Unix seconds, NaN when unknown). The access token is
 * refreshed before it expires: once a tenth of its lifetime (at least a minute) is left. A refresh
 * token that the marketplace rotates replaces the configured one, and is handed to {@code onRotate}
 * (which saves it where the configuration allows).
 */
public final class TokenState {
  private Secret access;
  private double accessIssuedAt = Double.NaN;
  private double accessExpiresAt = Double.NaN;
  private Secret refresh;
  private double refreshExpiresAt = Double.NaN;
  private final Consumer<Secret> onRotate;

  public TokenState(Secret refresh) {
    this(refresh, s -> {});
  }

  public TokenState(Secret refresh, Consumer<Secret> onRotate) {
    this.refresh = refresh;
    this.onRotate = onRotate;
  }

  /** True while the access token is present and not near its expiry. */
  public synchronized boolean accessUsable(double nowSeconds) {
    if (access == null || Double.isNaN(accessExpiresAt)) {
      return false;
    }
    double lifetime = accessExpiresAt - accessIssuedAt;
    double margin = Math.max(60, lifetime / 10);
    return nowSeconds < accessExpiresAt - margin;
  }

  /** After a refresh; a null {@code newRefresh} or NaN {@code newRefreshExpiresAt} keep the old. */
  public synchronized void refreshed(
      Secret newAccess,
      double nowSeconds,
      double newAccessExpiresAt,
      Secret newRefresh,
      double newRefreshExpiresAt) {
    access = newAccess;
    accessIssuedAt = nowSeconds;
    accessExpiresAt = newAccessExpiresAt;
    if (newRefresh != null && !newRefresh.matches(refresh.reveal())) {
      refresh = newRefresh;
      onRotate.accept(newRefresh);
    }
    if (!Double.isNaN(newRefreshExpiresAt)) {
      refreshExpiresAt = newRefreshExpiresAt;
    }
  }

  /** The marketplace rejected the access token: refresh before the next call. */
  public synchronized void invalidate() {
    access = null;
  }

  public synchronized Secret access() {
    return access;
  }

  public synchronized Secret refresh() {
    return refresh;
  }

  /** Hands each known expiry (Unix seconds) to {@code out}: the access and refresh tokens'. */
  public synchronized void expiries(ObjDoubleConsumer<TokenKind> out) {
    if (!Double.isNaN(accessExpiresAt)) {
      out.accept(TokenKind.ACCESS, accessExpiresAt);
    }
    if (!Double.isNaN(refreshExpiresAt)) {
      out.accept(TokenKind.REFRESH, refreshExpiresAt);
    }
  }

  @Override
  public String toString() {
    return "TokenState[access expires " + accessExpiresAt + "]";
  }
}
