package io.marketplaceexporter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The derived orders' last update and the listing by it, checked against the listing by placing.
 */
class OrderBookTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  /** A shop of {@code perMinute} orders a minute that opened {@code open} before {@link #NOW}. */
  private static OrderBook book(int perMinute, Duration open) {
    SandboxShop shop =
        new SandboxShop("shopee", "SG", "shop_1", "1", "dianxiaomi", "SGD", 1.0, perMinute);
    return new OrderBook(shop, Clock.fixed(NOW, ZoneOffset.UTC), NOW.minus(open).toEpochMilli());
  }

  @Nested
  class LastUpdate {
    @Test
    void isTheShipTimeOnceShippedAndThePlacingBefore() {
      long now = NOW.toEpochMilli();
      List<OrderBook.Order> all = book(5, Duration.ofHours(1)).since(Long.MIN_VALUE);

      assertThat(all).anyMatch(o -> o.pending(now)).anyMatch(o -> !o.pending(now));
      for (OrderBook.Order o : all) {
        assertThat(o.updatedAt(now)).isEqualTo(o.pending(now) ? o.createdAt() : o.shipsAt());
      }
    }

    @Test
    void listsEveryOrderUpdatedAtOrAfterATimeMostRecentFirst() {
      long now = NOW.toEpochMilli();
      OrderBook book = book(5, Duration.ofHours(1));
      long x = now - Duration.ofMinutes(10).toMillis();

      List<OrderBook.Order> updated = book.updatedSince(x);

      assertThat(updated)
          .containsExactlyInAnyOrderElementsOf(
              book.since(Long.MIN_VALUE).stream().filter(o -> o.updatedAt(now) >= x).toList());
      assertThat(updated)
          .isSortedAccordingTo(OrderBook.oldestFirst(OrderBook.By.UPDATED, now).reversed());
    }
  }

  @Nested
  class Cap {
    @Test
    void aCappedListingHoldsTheMostRecentlyUpdatedOrders() {
      long now = NOW.toEpochMilli();
      OrderBook book = book(60, Duration.ofHours(3));

      List<OrderBook.Order> capped = book.updatedSince(Long.MIN_VALUE);
      long oldest = capped.get(capped.size() - 1).updatedAt(now);
      List<OrderBook.Order> newer = book.updatedSince(oldest + 1);

      assertThat(capped).hasSize(OrderBook.MAX_LISTED);
      assertThat(newer).hasSizeLessThan(OrderBook.MAX_LISTED);
      assertThat(capped.subList(0, newer.size())).isEqualTo(newer);
    }
  }
}
