package io.marketplaceexporter.sources.tiktok;

import io.marketplaceexporter.sources.Connector;

/** Registers {@link TikTokSource} as the connector of {@code type: tiktok}. */
public final class TikTokConnector extends Connector {
  public TikTokConnector() {
    super("tiktok", TikTokSource.KEYS, TikTokSource::new);
  }
}
