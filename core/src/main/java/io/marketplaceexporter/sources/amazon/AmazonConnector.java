package io.marketplaceexporter.sources.amazon;

import io.marketplaceexporter.sources.Connector;

/** Registers {@link AmazonSource} as the connector of {@code type: amazon}. */
public final class AmazonConnector extends Connector {
  public AmazonConnector() {
    super("amazon", AmazonSource.KEYS, AmazonSource::new);
  }
}
