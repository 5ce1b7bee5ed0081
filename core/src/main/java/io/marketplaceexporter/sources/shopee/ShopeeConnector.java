package io.marketplaceexporter.sources.shopee;

import io.marketplaceexporter.sources.Connector;

/** Registers {@link ShopeeSource} as the connector of {@code type: shopee}. */
public final class ShopeeConnector extends Connector {
  public ShopeeConnector() {
    super("shopee", ShopeeSource.KEYS, ShopeeSource::new);
  }
}
