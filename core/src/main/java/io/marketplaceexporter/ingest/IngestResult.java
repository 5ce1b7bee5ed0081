package io.marketplaceexporter.ingest;

import java.util.List;

/**
 * The answer to one ingest request: counts and, for events not applied, why. {@code misdirected}
 * events are about shops another replica owns (their errors name the owner). {@code errors} holds
 * at most {@link #MAX_ERRORS}; {@code errorsOmitted} counts the rest. {@code soleOwner} is the one
 * other shard that owns every event of the request, or -1 when some event was accepted, a duplicate
 * or rejected, or the events belong to different shards. {@code limited} counts the rejected events
 * whose metric was at the series limit: the exporter's capacity, not a fault of the events.
 */
public record IngestResult(
    int accepted,
    int duplicates,
    int rejected,
    int limited,
    int misdirected,
    List<FieldError> errors,
    int errorsOmitted,
    int soleOwner) {
  /** The most errors an answer lists: a large batch of bad events cannot make a huge answer. */
  public static final int MAX_ERRORS = 100;

  public IngestResult {
    errors = List.copyOf(errors);
  }
}
