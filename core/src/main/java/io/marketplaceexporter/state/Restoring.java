package io.marketplaceexporter.state;

import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.ChangeKind;
import io.marketplaceexporter.model.Vocabulary.PriceAnomalyKind;
import io.marketplaceexporter.model.Vocabulary.SyncJob;
import io.marketplaceexporter.model.Vocabulary.TokenKind;

/**
 * The writes a snapshot restore makes into a fresh {@link MarketplaceState}, from {@link
 * MarketplaceState#restoring()}. They take the values of a {@link StateImage} the caller has
 * already checked, go through the cardinality guard and the SKU limit as events do, and count
 * nothing as an event would (no run, no check, no order). The caller decides which shops come back;
 * it calls {@link #shop} first for each, and {@link #done()} once at the end.
 */
public final class Restoring {
  private final MarketplaceState state;

  Restoring(MarketplaceState state) {
    this.state = state;
  }

  /** Shops last seen before this (Unix ms) would have expired ({@code limits.shop_ttl}). */
  public long idleCutoffMillis() {
    return state.idleCutoffMillis();
  }

  /** Creates the shop, last seen at {@code lastSeenMillis}, with no series yet. */
  public void shop(ShopKey key, long lastSeenMillis) {
    state.restoredShop(key, lastSeenMillis);
  }

  /** {@code oldestPendingAt} is NaN when unknown. */
  public void backlog(ShopKey key, long pending, double oldestPendingAt) {
    state.restoredShop(key).backlog(pending, oldestPendingAt);
  }

  /** The last success of a sync job, without counting a run. */
  public void syncSuccess(ShopKey key, String system, SyncJob job, double finishedAt) {
    state.restoredShop(key).restoreSyncSuccess(system, job, finishedAt);
  }

  public void token(ShopKey key, TokenKind kind, double expiresAt) {
    state.restoredShop(key).token(kind, expiresAt);
  }

  /** The shop had priced SKUs: its anomalous-SKU gauges show again (checks restart at 0). */
  public void priceSeries(ShopKey key) {
    state.restoredShop(key).restorePriceSeries();
  }

  /** One SKU with the anomaly it showed (null for none); restore them oldest first. */
  public void sku(ShopKey key, StateImage.Sku sku, PriceAnomalyKind anomaly) {
    state.skus.restore(state.restoredShop(key), sku, anomaly);
  }

  /** An unmatched payment of the shop, counting no event. */
  public void payment(ShopKey key, StateImage.Payment payment) {
    state
        .restoredShop(key)
        .restorePayment(payment.gateway(), payment.paymentId(), payment.capturedAt());
  }

  /** The shop's last listing counts; left out when the family is full. */
  public void listings(ShopKey key, ListingCounts counts) {
    state.restoredShop(key).listings(counts);
  }

  /** When the latest change of {@code kind} to {@code service} happened. */
  public void changeLast(String service, ChangeKind kind, double at) {
    state.changes.updateLast(service, kind, at);
  }

  /** The latest change of a service. */
  public void changeLatest(Change change) {
    state.changes.updateLatest(change);
  }

  /** One of the recent changes; restore them newest first. */
  public void changeRecent(Change change) {
    state.changes.restoreRecent(change);
  }

  /** Marks the state changed, so the next snapshot is written. */
  public void done() {
    state.modified();
  }
}
