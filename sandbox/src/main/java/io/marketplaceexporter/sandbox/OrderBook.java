package io.marketplaceexporter.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A shop's orders, derived from the clock: order {@code k} was placed at {@code start + k * period}
 * and ships some minutes later. Thirty orders exist before the sandbox starts, so the first poll
 * already sees a backlog; new ones arrive at the shop's rate. Deterministic, so a test with a fixed
 * clock sees the same orders on every poll.
 */
final class OrderBook {
  /** One order; times in epoch millis, newest first in lists. */
  record Order(String id, long createdAt, long shipsAt) {
    boolean pending(long now) {
      return now < shipsAt;
    }
  }

  static final int HISTORY = 30;
  static final int MAX_LISTED = 1000;

  private final SandboxShop shop;
  private final Clock clock;
  private final long start;
  private final long periodMillis;

  OrderBook(SandboxShop shop, Clock clock, long startMillis) {
    this.shop = shop;
    this.clock = clock;
    this.start = startMillis;
    this.periodMillis = shop.ordersPerMinute() == 0 ? 0 : 60_000L / shop.ordersPerMinute();
  }

  /** Orders placed at or after {@code sinceMillis}, newest first, at most {@link #MAX_LISTED}. */
  List<Order> since(long sinceMillis) {
    List<Order> out = new ArrayList<>();
    if (periodMillis == 0) {
      return out;
    }
    long now = clock.millis();
    long newest = Math.floorDiv(now - start, periodMillis);
    for (long k = newest; k >= -HISTORY && out.size() < MAX_LISTED; k--) {
      long created = start + k * periodMillis;
      if (created < sinceMillis) {
        break;
      }
      long shipDelay = Duration.ofMinutes(5 + Math.floorMod(k * 7, 20)).toMillis();
      out.add(new Order(id(k), created, created + shipDelay));
    }
    return out;
  }

  private String id(long k) {
    long n = 1_000_000 + k + HISTORY;
    return switch (shop.marketplace()) {
      case "amazon" ->
          "114-" + String.format("%07d", n) + "-" + (shop.site().equals("US") ? "1001" : "2002");
      case "shopee" -> "2611" + shop.apiShopId() + n;
      default -> shop.apiShopId() + n;
    };
  }
}
