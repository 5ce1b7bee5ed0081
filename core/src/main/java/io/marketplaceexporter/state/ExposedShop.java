package io.marketplaceexporter.state;

import io.marketplaceexporter.model.ShopKey;

/**
 * One shop as the exposition reads it: its samples per family, and a version that grows with every
 * write to the shop, so that a cached rendering of the shop can be kept until the shop changes.
 */
public interface ExposedShop {
  ShopKey key();

  /**
   * Grows with every write to the shop. Read it before {@link #collect}: a write that lands after
   * the read makes the version larger than the one read, so the next reader renders the shop again.
   */
  long version();

  /** Emits this shop's samples of a per-shop {@code family}; the other families emit nothing. */
  void collect(SeriesFamily family, Samples out);
}
