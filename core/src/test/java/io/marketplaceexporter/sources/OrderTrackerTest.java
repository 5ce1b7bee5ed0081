package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.sources.OrderTracker.Listing;
import io.marketplaceexporter.sources.OrderTracker.Order;
import io.marketplaceexporter.sources.OrderTracker.Window;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Incremental order polling: which orders each poll lists, and what the backlog and the order count
 * make of full and update listings.
 */
class OrderTrackerTest {
  static final ShopKey SHOP = new ShopKey("shopee", "SG", "201558");
  static final long T0 = SourcesTestSupport.NOW.getEpochSecond();
  static final long DAY = 86_400;
  static final long OVERLAP = OrderTracker.OVERLAP.toSeconds();

  final SourcesTestSupport t = new SourcesTestSupport();
  final OrderTracker tracker = new OrderTracker(50_000, Duration.ofDays(2), Duration.ofHours(1));
  final ChangeFeed feed = new ChangeFeed();

  static Order pending(String id, long createdAt) {
    return new Order(id, true, createdAt);
  }

  static Order done(String id, long createdAt) {
    return new Order(id, false, createdAt);
  }

  /** One poll at {@code now} that reads {@code orders} ({@code complete}: every page). */
  Window poll(long now, boolean complete, Order... orders) {
    Window w = tracker.window(now);
    tracker.apply(w, new Listing(List.of(orders), complete), t.ingest, SHOP, feed);
    return w;
  }

  double backlog() {
    return t.value("marketplace_orders_pending", "shop", SHOP.shop());
  }

  double counted() {
    return t.value("marketplace_orders_total", "shop", SHOP.shop(), "outcome", "success");
  }

  @Nested
  class WhichOrdersAPollLists {
    @Test
    void theFirstPollListsTheLookbackByCreationTime() {
      assertThat(tracker.window(T0)).isEqualTo(new Window(true, T0 - 2 * DAY, T0));
    }

    @Test
    void laterPollsListWhatWasUpdatedSinceThePreviousPollStartedLessTheOverlap() {
      poll(T0, true);
      poll(T0 + 60, true);

      assertThat(tracker.window(T0 + 120))
          .isEqualTo(new Window(false, T0 + 60 - OVERLAP, T0 + 120));
    }

    @Test
    void afterAFailedPollTheNextReachesBackToTheLastGoodOne() {
      poll(T0, true);

      // the polls at T0 + 60 and T0 + 120 failed: nothing applied
      assertThat(tracker.window(T0 + 180)).isEqualTo(new Window(false, T0 - OVERLAP, T0 + 180));
    }

    @Test
    void everyResyncIntervalAPollListsInFullAgain() {
      poll(T0, true);
      poll(T0 + 1800, true);

      assertThat(tracker.window(T0 + 3599).full()).isFalse();
      assertThat(tracker.window(T0 + 3600))
          .isEqualTo(new Window(true, T0 + 3600 - 2 * DAY, T0 + 3600));
    }

    @Test
    void anOutageLongerThanTheLookbackEndsWithAFullListingWhateverTheResyncInterval() {
      OrderTracker weekly = new OrderTracker(50_000, Duration.ofDays(2), Duration.ofDays(7));
      weekly.apply(
          weekly.window(T0), new Listing(List.of(), true), t.ingest, SHOP, new ChangeFeed());
      long from = T0 - OVERLAP;

      assertThat(weekly.window(from + 2 * DAY).full()).isFalse();
      assertThat(weekly.window(from + 2 * DAY + 1).full()).isTrue();
    }

    @Test
    void aTruncatedUpdateListingIsReadAgainFromTheSamePoint() {
      poll(T0, true);
      poll(T0 + 60, false);

      assertThat(tracker.window(T0 + 120)).isEqualTo(new Window(false, T0 - OVERLAP, T0 + 120));
    }

    @Test
    void afterATruncatedFullListingUpdateListingsTakeOver() {
      poll(T0, false);

      assertThat(tracker.window(T0 + 60)).isEqualTo(new Window(false, T0 - OVERLAP, T0 + 60));
    }
  }

  @Nested
  class TheBacklog {
    @Test
    void anUpdateListingChangesOnlyTheOrdersItNames() {
      poll(T0, true, pending("a", T0 - 300), pending("b", T0 - 200), done("c", T0 - 100));

      poll(T0 + 60, true, done("a", T0 - 300), pending("d", T0 + 30));

      assertThat(backlog()).as("b still waits, a shipped, d is new").isEqualTo(2);
      assertThat(t.value("marketplace_order_oldest_pending_timestamp_seconds", "shop", "201558"))
          .isEqualTo(T0 - 200);
    }

    @Test
    void aCompleteFullListingReplacesWhatWasKnown() {
      poll(T0, true, pending("a", T0 - 300), pending("b", T0 - 200));

      poll(T0 + 3600, true, pending("b", T0 - 200));

      assertThat(backlog()).isEqualTo(1);
    }

    @Test
    void aTruncatedFullListingOnlyAdds() {
      poll(T0, true, pending("a", T0 - 300));
      poll(T0 + 3600, false, pending("b", T0 - 200));

      assertThat(backlog()).isEqualTo(2);
    }

    @Test
    void aPendingOrderIsForgottenALookbackAfterItWasFirstListed() {
      poll(T0, true, pending("a", T0 - 300));
      poll(T0 + 60, true, pending("b", T0 + 30));

      poll(T0 + 2 * DAY + 30, false);

      assertThat(backlog()).as("a was first listed at T0, b at T0 + 60").isEqualTo(1);
    }

    @Test
    void anOrderListedTwiceInOnePollCountsOnceWithItsLastStatus() {
      poll(T0, true, pending("a", T0 - 300), done("a", T0 - 300), pending("b", T0 - 5));

      assertThat(backlog()).isEqualTo(1);
    }
  }

  @Nested
  class TheOrderCount {
    @Test
    void theFirstPollOnlyLearnsWhichOrdersExist() {
      poll(T0, true, pending("a", T0 - 300));

      assertThat(counted()).isNaN();
    }

    @Test
    void anOrderNotSeenBeforeCountsOnceWhateverItsStatus() {
      poll(T0, true, pending("a", T0 - 300));

      poll(T0 + 60, true, done("a", T0 - 300), done("b", T0 + 10), pending("c", T0 + 20));
      poll(T0 + 120, true, done("c", T0 + 20));

      assertThat(counted()).isEqualTo(2);
    }

    @Test
    void anOrderCreatedBeforeTheFirstPollsWindowNeverCountsWhenItChanges() {
      poll(T0, true, pending("a", T0 - 300));

      poll(T0 + 60, true, done("old", T0 - 3 * DAY), done("new", T0 + 10));

      assertThat(counted()).isEqualTo(1);
    }
  }
}
