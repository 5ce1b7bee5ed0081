package io.marketplaceexporter.ingest;

import java.util.List;

/** The answer to one ingest request: counts and, for rejected events, why. */
public record IngestResult(int accepted, int duplicates, int rejected, List<FieldError> errors) {
  public IngestResult {
    errors = List.copyOf(errors);
  }
}
