package io.marketplaceexporter.sources.lazada;

import io.marketplaceexporter.sources.Connector;

/** Registers {@link LazadaSource} as the connector of {@code type: lazada}. */
public final class LazadaConnector extends Connector {
  public LazadaConnector() {
    super("lazada", LazadaSource.KEYS, LazadaSource::new);
  }
}
