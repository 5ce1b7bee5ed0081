package io.marketplaceexporter.demo;

import java.util.Locale;
import java.util.Optional;

/** The business incidents the demo can play, each against one shop for a while. */
public enum Incident {
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
  NEGATIVE_STOCK;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Incident> parse(String label) {
    for (Incident i : values()) {
      if (i.label().equals(label)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }
}
