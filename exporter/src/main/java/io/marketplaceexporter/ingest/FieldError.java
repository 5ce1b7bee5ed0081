package io.marketplaceexporter.ingest;

/** Why one event of a batch was rejected: its index in the batch, the field and the problem. */
public record FieldError(int index, String field, String message) {}
