package io.marketplaceexporter.ingest;

import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.model.Vocabulary.FailureReason;
import io.marketplaceexporter.model.Vocabulary.Outcome;
import io.marketplaceexporter.model.Vocabulary.PaymentStatus;
import io.marketplaceexporter.model.Vocabulary.SyncJob;
import io.marketplaceexporter.model.Vocabulary.TokenKind;
import io.marketplaceexporter.state.Change;
import io.marketplaceexporter.state.ListingCounts;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.state.PriceObservation;
import io.marketplaceexporter.state.SeriesFamily;

/**
 * A validated ingest event. Every type applies itself to the state; the wire format is parsed by
 * {@link EventParser}. Times are Unix seconds; optional numbers are NaN when absent.
 */
public sealed interface Event {
  /**
   * Applies the event; returns null, or the metric family that had no room for a label set the
   * event needs ({@code limits.max_series_per_metric}), and then nothing of it was applied.
   */
  SeriesFamily applyTo(MarketplaceState state);

  /**
   * The shop the event is about, which decides the replica that owns it; null for events that are
   * not one shop's state ({@code change}: deploys and config changes, which every replica accepts).
   */
  default ShopKey shop() {
    return null;
  }

  record Order(ShopKey shop, Outcome outcome, FailureReason reason, long count) implements Event {
    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      return state.orders(shop, outcome, reason, count);
    }
  }

  record Backlog(ShopKey shop, long pending, double oldestPendingAt) implements Event {
    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      return state.backlog(shop, pending, oldestPendingAt);
    }
  }

  /** {@code expectedInterval}: seconds, NaN when the event does not say. */
  record Sync(
      ShopKey shop,
      String system,
      SyncJob job,
      Outcome outcome,
      double finishedAt,
      double expectedInterval)
      implements Event {
    public Sync(ShopKey shop, String system, SyncJob job, Outcome outcome, double finishedAt) {
      this(shop, system, job, outcome, finishedAt, Double.NaN);
    }

    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      return state.sync(shop, system, job, outcome, finishedAt, expectedInterval);
    }
  }

  record ApiCall(
      ShopKey shop,
      String operation,
      ApiCode code,
      double durationSeconds,
      double quotaLimit,
      double quotaRemaining)
      implements Event {
    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      return state.apiCall(shop, operation, code, durationSeconds, quotaLimit, quotaRemaining);
    }
  }

  record Quota(ShopKey shop, String operation, double limit, double remaining) implements Event {
    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      return state.quota(shop, operation, limit, remaining);
    }
  }

  record Token(ShopKey shop, TokenKind token, double expiresAt) implements Event {
    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      return state.token(shop, token, expiresAt);
    }
  }

  record Price(ShopKey shop, String sku, PriceObservation observation) implements Event {
    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      if (!state.priceSeries(shop)) {
        return SeriesFamily.PRICE_CHECKS;
      }
      state.price(shop, sku, observation);
      return null;
    }
  }

  record Inventory(ShopKey shop, String sku, long available) implements Event {
    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      return state.inventory(shop, sku, available);
    }
  }

  /** A shop's listings by normalised status, counted at one moment: replaces the last counts. */
  record Listings(ShopKey shop, ListingCounts counts) implements Event {
    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      return state.listings(shop, counts);
    }
  }

  record ChangeMade(Change change) implements Event {
    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      return state.change(change);
    }
  }

  /**
   * A payment a gateway captured, and where it stands against its order; {@code orderId} is null
   * when not given, {@code capturedAt} NaN.
   */
  record Payment(
      ShopKey shop,
      String gateway,
      String paymentId,
      String orderId,
      PaymentStatus status,
      double capturedAt)
      implements Event {
    @Override
    public SeriesFamily applyTo(MarketplaceState state) {
      return state.payment(shop, gateway, paymentId, status, capturedAt);
    }
  }
}
