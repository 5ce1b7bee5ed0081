package io.marketplaceexporter.sources;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which of a source's gauge events (a token's expiry, the order backlog) are worth feeding: one
 * whose value differs from the last one fed under its key, or any once {@link #AGAIN} has passed
 * since then. The state keeps a gauge until it changes, so feeding the same value on every poll
 * only costs: at 10,000 shops the unchanged token and backlog events were a fifth of the polls' own
 * CPU (JFR). Feeding them again now and then brings them back to a shop retired through the API
 * while its source still polls (a polled shop never idles out by {@code limits.shop_ttl}: every
 * poll counts its API calls).
 */
final class ChangeFeed {
  /** How long an unchanged value goes without being fed again, at most. */
  static final Duration AGAIN = Duration.ofMinutes(5);

  private record Fed(Object value, long atMillis) {}

  private final Map<Object, Fed> fed = new HashMap<>();

  /**
   * Whether {@code value} should be fed under {@code key} at {@code nowMillis}; when it should, it
   * counts as fed.
   */
  synchronized boolean due(Object key, Object value, long nowMillis) {
    Fed last = fed.get(key);
    if (last != null
        && Objects.equals(last.value(), value)
        && nowMillis - last.atMillis() < AGAIN.toMillis()) {
      return false;
    }
    fed.put(key, new Fed(value, nowMillis));
    return true;
  }
}
