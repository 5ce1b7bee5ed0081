package io.marketplaceexporter.state;

import java.util.Objects;

/**
 * Identifies one shop: the {@code marketplace}, {@code site} and {@code shop} labels that every
 * shop-scoped series carries. {@code site} is empty where the marketplace has none.
 */
public record ShopKey(String marketplace, String site, String shop) {
  public ShopKey {
    Objects.requireNonNull(marketplace, "marketplace");
    Objects.requireNonNull(site, "site");
    Objects.requireNonNull(shop, "shop");
  }

  @Override
  public String toString() {
    return site.isEmpty() ? marketplace + "/" + shop : marketplace + "/" + site + "/" + shop;
  }
}
