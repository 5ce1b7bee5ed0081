package io.marketplaceexporter.sandbox;

import io.marketplaceexporter.model.Vocabulary;
import io.marketplaceexporter.model.Vocabulary.Labelled;
import java.util.Optional;

/** What the sandbox can be told to do wrong, by {@code POST /_faults}. */
public enum FaultKind implements Labelled {
  /** Marketplace API calls of the shop answer 429 with {@code Retry-After}. */
  THROTTLE,
  /** Marketplace API calls of the shop answer 500. */
  SERVER_ERROR,
  /** Marketplace API calls of the shop answer after {@code delay} (default 2s). */
  SLOW,
  /** The shop's access tokens are rejected and its refresh token no longer works. */
  TOKEN_EXPIRED,
  /** Token refreshes return a refresh token that expires in 6 hours (and a short access token). */
  TOKEN_EXPIRING,
  /** The ERP reports a price of 0 for the shop's first three SKUs. */
  ZERO_PRICE,
  /** The ERP reports prices at 55% of normal for the shop's SKUs 3 to 5. */
  PRICE_DROP,
  /** The ERP's inventory sync of the shop fails and its last success stops moving. */
  STALLED_SYNC,
  /** The ERP reports negative stock on two of the shop's SKUs. */
  NEGATIVE_STOCK,
  /** The ERP reports a burst of failed orders for the shop, and more while the fault lasts. */
  ORDER_FAILURES,
  /** The ERP reports a deploy of its order service. */
  DEPLOY,
  /**
   * The shop's payments go through a new gateway, and every second one never gets its order status
   * while the fault lasts ({@link ErpPayments}); reconciled when it ends.
   */
  PAYMENT_GATEWAY_SWITCH,
  /** The ERP reports a listing change: a new main-image template applied by its listing tool. */
  LISTING_CHANGE,
  /** The ERP counts 30% of the shop's listings suppressed and 5% more under review. */
  LISTINGS_TAKEN_DOWN;

  /** The constant whose label is {@code label}, if any. */
  public static Optional<FaultKind> parse(String label) {
    return Vocabulary.parse(FaultKind.class, label);
  }
}
