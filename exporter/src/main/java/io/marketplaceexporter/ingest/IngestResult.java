package io.marketplaceexporter.ingest;

import java.util.List;

/**
 * The answer to one ingest request: counts and, for events not applied, why. {@code misdirected}
 * events are about shops another replica owns (their errors name the owner).
 */
public record IngestResult(
    int accepted, int duplicates, int rejected, int misdirected, List<FieldError> errors) {
  public IngestResult {
    errors = List.copyOf(errors);
  }

  public IngestResult(int accepted, int duplicates, int rejected, List<FieldError> errors) {
    this(accepted, duplicates, rejected, 0, errors);
  }

  /**
   * The one other shard that owns every event of the request, or -1 when some event was accepted, a
   * duplicate or rejected, or the events belong to different shards.
   */
  public int soleOwner() {
    if (misdirected == 0 || accepted + duplicates + rejected > 0) {
      return -1;
    }
    int owner = -1;
    for (FieldError e : errors) {
      if (e.shard() == null || (owner >= 0 && owner != e.shard())) {
        return -1;
      }
      owner = e.shard();
    }
    return owner;
  }
}
