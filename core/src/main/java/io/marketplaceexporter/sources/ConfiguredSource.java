package io.marketplaceexporter.sources;

import java.time.Duration;

/** A source built from its configuration: its name and interval come from there. */
public abstract class ConfiguredSource implements Source {
  protected final SourceSetup setup;

  protected ConfiguredSource(SourceSetup setup) {
    this.setup = setup;
  }

  @Override
  public final String name() {
    return setup.config().name();
  }

  @Override
  public final Duration interval() {
    return setup.config().interval();
  }
}
