package io.marketplaceexporter.sources;

import java.time.Duration;

/**
 * Something the poll engine polls. A poll applies what it learned through the ingest service and
 * either returns or throws {@link PollException}; the engine is never blocked by one source for
 * longer than its HTTP call timeouts.
 */
public interface Source {
  /** The {@code source} label: the configured name. */
  String name();

  /** How long to wait between polls when all is well. */
  Duration interval();

  /** One poll. Called by one thread at a time. */
  void poll() throws PollException;
}
