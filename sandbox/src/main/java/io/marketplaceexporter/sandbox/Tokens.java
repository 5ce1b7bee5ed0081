package io.marketplaceexporter.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The OAuth tokens the sandbox issued: access tokens with their expiry, and the refresh tokens each
 * shop may use (its seeded one and every one issued since). Marketplace-specific lifetimes apply
 * unless the sandbox was told to issue short-lived access tokens (the demo does, so that token
 * refreshes and the {@code token_expiring} fault show within minutes).
 */
final class Tokens {
  static final Duration EXPIRING_REFRESH = Duration.ofHours(6);

  /** A token the sandbox issued; {@code expiresAt} in epoch millis. */
  record Issued(
      SandboxShop shop,
      String access,
      long accessExpiresAt,
      String refresh,
      long refreshExpiresAt) {}

  private final Clock clock;
  private final Duration accessLifetimeOverride;
  private final Faults faults;
  private final Map<String, Issued> byAccess = new ConcurrentHashMap<>();
  private final Map<String, SandboxShop> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> refreshes = new ConcurrentHashMap<>();

  Tokens(Clock clock, Duration accessLifetimeOverride, Faults faults, Iterable<SandboxShop> shops) {
    this.clock = clock;
    this.accessLifetimeOverride = accessLifetimeOverride;
    this.faults = faults;
    for (SandboxShop s : shops) {
      refreshTokens.put(s.seededRefreshToken(), s);
    }
  }

  /**
   * Exchanges a refresh token for new tokens; null when the refresh token is unknown or the shop's
   * tokens are expired by a fault.
   */
  Issued refresh(String refreshToken, Duration accessLifetime, Duration refreshLifetime) {
    return refresh(refreshToken, accessLifetime, refreshLifetime, false);
  }

  /**
   * As {@link #refresh(String, Duration, Duration)}; when {@code singleUse}, an issued refresh
   * token works once (Shopee's rule): the refresh that uses it makes it invalid. The shop's seeded
   * token stays valid, so that an exporter restarted with its configuration still starts.
   */
  Issued refresh(
      String refreshToken, Duration accessLifetime, Duration refreshLifetime, boolean singleUse) {
    SandboxShop shop = refreshToken == null ? null : refreshTokens.get(refreshToken);
    if (shop == null || faults.playing(FaultKind.TOKEN_EXPIRED, shop.shop())) {
      return null;
    }
    if (singleUse
        && !refreshToken.equals(shop.seededRefreshToken())
        && !refreshTokens.remove(refreshToken, shop)) {
      return null;
    }
    long now = clock.millis();
    Duration access = accessLifetimeOverride == null ? accessLifetime : accessLifetimeOverride;
    Duration refresh = refreshLifetime;
    if (faults.playing(FaultKind.TOKEN_EXPIRING, shop.shop())) {
      refresh = EXPIRING_REFRESH;
      access = access.dividedBy(2);
    }
    String prefix = shop.marketplace() + "-" + UUID.randomUUID();
    Issued i =
        new Issued(
            shop,
            "access-" + prefix,
            now + access.toMillis(),
            "refresh-" + prefix,
            now + refresh.toMillis());
    byAccess.put(i.access(), i);
    refreshTokens.put(i.refresh(), shop);
    refreshes.computeIfAbsent(shop.shop(), k -> new LongAdder()).increment();
    return i;
  }

  /** Tokens issued per shop label since start. */
  Map<String, Long> refreshes() {
    Map<String, Long> out = new TreeMap<>();
    refreshes.forEach((shop, n) -> out.put(shop, n.sum()));
    return out;
  }

  /** The shop whose valid access token this is, or null (unknown, expired, fault). */
  SandboxShop shopOf(String accessToken) {
    Issued i = accessToken == null ? null : byAccess.get(accessToken);
    if (i == null
        || i.accessExpiresAt() <= clock.millis()
        || faults.playing(FaultKind.TOKEN_EXPIRED, i.shop().shop())) {
      return null;
    }
    return i.shop();
  }
}
