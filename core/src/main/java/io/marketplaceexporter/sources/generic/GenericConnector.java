package io.marketplaceexporter.sources.generic;

import io.marketplaceexporter.sources.Connector;

/** Registers {@link GenericJsonSource} as the connector of {@code type: generic}. */
public final class GenericConnector extends Connector {
  public GenericConnector() {
    super("generic", GenericJsonSource.KEYS, GenericJsonSource::new);
  }
}
