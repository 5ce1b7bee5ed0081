package io.marketplaceexporter.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A shop's orders, derived from the clock: order {@code k} was placed at {@code start + k * period}
 * and ships some minutes later (5 to 24); shipping is the order's last update. Thirty orders exist
 * before the sandbox starts, so the first poll already sees a backlog; new ones arrive at the
 * shop's rate. Deterministic, so a test with a fixed clock sees the same orders on every poll.
 */
final class OrderBook {
  /** One order; times in epoch millis, newest first in lists. */
  record Order(String id, long createdAt, long shipsAt) {
    boolean pending(long now) {
      return now < shipsAt;
    }

    /**
     * When the order last changed as of {@code now}: its shipping once shipped, else its placing.
     */
    long updatedAt(long now) {
      return pending(now) ? createdAt : shipsAt;
    }
  }

  /** The longest time from placing to shipping: no order changes later than this after placing. */
  static final Duration MAX_SHIP_DELAY = Duration.ofMinutes(24);

  /** Which time a listing filters on. */
  enum By {
    CREATED,
    UPDATED
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
    long newest = Math.floorDiv(clock.millis() - start, periodMillis);
    for (long k = newest; k >= -HISTORY && out.size() < MAX_LISTED; k--) {
      Order o = order(k);
      if (o.createdAt() < sinceMillis) {
        break;
      }
      out.add(o);
    }
    return out;
  }

  /**
   * Orders whose last update (see {@link Order#updatedAt}) is at or after {@code sinceMillis}, the
   * most recently updated first (ties: newest placed first), at most {@link #MAX_LISTED}: an order
   * placed before {@code sinceMillis} is listed once it has shipped since then.
   */
  List<Order> updatedSince(long sinceMillis) {
    List<Order> out = new ArrayList<>();
    if (periodMillis == 0) {
      return out;
    }
    long now = clock.millis();
    long newest = Math.floorDiv(now - start, periodMillis);
    long maxDelay = MAX_SHIP_DELAY.toMillis();
    long cutoff = Math.max(sinceMillis, Long.MIN_VALUE + maxDelay) - maxDelay;
    for (long k = newest; k >= -HISTORY; k--) {
      Order o = order(k);
      if (o.createdAt() < cutoff) {
        break;
      }
      if (o.updatedAt(now) >= sinceMillis) {
        out.add(o);
        if (out.size() == MAX_LISTED) {
          // An order placed more than the longest delay before the MAX_LISTED-th one found was
          // last updated before all those found: it cannot make the list.
          cutoff = Math.max(cutoff, o.createdAt() - maxDelay);
        }
      }
    }
    out.sort(oldestFirst(By.UPDATED, now).reversed());
    return out.size() > MAX_LISTED ? new ArrayList<>(out.subList(0, MAX_LISTED)) : out;
  }

  /**
   * Orders whose time ({@code by}) lies from {@code fromMillis} to {@code toMillis}, both included:
   * {@link #since} or {@link #updatedSince}, without the later ones.
   */
  List<Order> listed(By by, long fromMillis, long toMillis) {
    long now = clock.millis();
    List<Order> all = by == By.CREATED ? since(fromMillis) : updatedSince(fromMillis);
    all.removeIf(o -> (by == By.CREATED ? o.createdAt() : o.updatedAt(now)) > toMillis);
    return all;
  }

  /** Orders by their time ({@code by}) as of {@code now}, the earliest first; ties by placing. */
  static Comparator<Order> oldestFirst(By by, long now) {
    return by == By.CREATED
        ? Comparator.comparingLong(Order::createdAt)
        : Comparator.comparingLong((Order o) -> o.updatedAt(now))
            .thenComparingLong(Order::createdAt);
  }

  private Order order(long k) {
    long created = start + k * periodMillis;
    long shipDelay = Duration.ofMinutes(5 + Math.floorMod(k * 7, 20)).toMillis();
    return new Order(id(k), created, created + shipDelay);
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
