package io.marketplaceexporter.sources;

import java.util.function.Function;

/**
 * One connector: the source {@code type} it serves, the credentials and options it reads, and how
 * it is built. Each connector package registers a subclass with a public no-argument constructor in
 * {@code META-INF/services/io.marketplaceexporter.sources.Connector}, so that this package finds
 * the connectors without naming them: the connectors depend on {@code sources}, never the other way
 * round. A new marketplace is a new package with its source, its connector and one line in that
 * file.
 */
public abstract class Connector {
  private final String type;
  private final SourceKeys keys;
  private final Function<SourceSetup, Source> factory;

  protected Connector(String type, SourceKeys keys, Function<SourceSetup, Source> factory) {
    this.type = type;
    this.keys = keys;
    this.factory = factory;
  }

  /** The {@code type} of a configured source that this connector polls. */
  public final String type() {
    return type;
  }

  /** The credentials and options the connector reads, checked at start-up. */
  public final SourceKeys keys() {
    return keys;
  }

  /** Builds the source; throws {@link io.marketplaceexporter.config.ConfigException} when wrong. */
  public final Source create(SourceSetup setup) {
    return factory.apply(setup);
  }
}
