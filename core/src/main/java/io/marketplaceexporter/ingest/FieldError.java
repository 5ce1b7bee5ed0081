package io.marketplaceexporter.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Why one event of a batch was not applied: its index in the batch, the field and the problem. For
 * an event about a shop another replica owns, {@code shard} is the owner's index and {@code url}
 * its base URL when {@code shard.peers} is configured (else absent), so the client can resend it
 * there.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldError(int index, String field, String message, Integer shard, String url) {
  public FieldError(int index, String field, String message) {
    this(index, field, message, null, null);
  }
}
