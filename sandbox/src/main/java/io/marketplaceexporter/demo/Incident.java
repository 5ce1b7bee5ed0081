package io.marketplaceexporter.demo;

import io.marketplaceexporter.model.Vocabulary;
import io.marketplaceexporter.model.Vocabulary.Labelled;
import java.util.Optional;

/** The business incidents the demo can play, each against one shop for a while. */
public enum Incident implements Labelled {
  /** A promotion sets some SKUs to a price of 0. */
  ZERO_PRICE,
  /** A price batch cuts prices far below their usual level. */
  PRICE_DROP,
  /** The ERP inventory sync stops succeeding; the shop will oversell. */
  STALLED_SYNC,
  /** The marketplace API answers 429 to most calls. */
  THROTTLING,
  /** The refresh token expires within hours and is not renewed. */
  TOKEN_EXPIRING,
  /** A deploy of the ERP order service, followed by a burst of order failures. */
  DEPLOY_REGRESSION,
  /** Stock goes negative on a few SKUs after oversold orders. */
  NEGATIVE_STOCK,
  /**
   * A new payment gateway goes live and a share of its payments never gets its order status: the
   * buyers paid, the orders stay unpaid (issue 19).
   */
  PAYMENT_GATEWAY_SWITCH,
  /** A new main-image template, after which the marketplace takes a third of the listings down. */
  LISTING_TAKEDOWN;

  /**
   * The alert of the pack ({@code rules/}) this incident fires first on its shop: what the demo's
   * rollback action serves, and what the demo page shows as the chat message's alert.
   */
  public String alert() {
    return switch (this) {
      case ZERO_PRICE -> "PriceZeroOrNegative";
      case PRICE_DROP -> "PriceAnomalyDetected";
      case STALLED_SYNC -> "SyncJobFailing";
      case THROTTLING -> "ApiThrottled";
      case TOKEN_EXPIRING -> "TokenExpiryImminent";
      case DEPLOY_REGRESSION -> "PostDeployRegression";
      case NEGATIVE_STOCK -> "InventoryNegative";
      case PAYMENT_GATEWAY_SWITCH -> "PaymentsUnmatched";
      case LISTING_TAKEDOWN -> "ListingsNotActiveJump";
    };
  }

  /** The constant whose label is {@code label}, if any. */
  public static Optional<Incident> parse(String label) {
    return Vocabulary.parse(Incident.class, label);
  }
}
