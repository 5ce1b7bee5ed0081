package io.marketplaceexporter.status;

import java.time.Instant;

/**
 * An ingest event that was not applied: when, whether it was pushed ({@code push}) or mapped from a
 * polled generic source ({@code poll}), its type ({@code unknown} when missing or not a type), and
 * the first field at fault with its problem. Never the event itself, which may hold anything.
 */
public record RejectedEvent(Instant at, String origin, String type, String field, String problem) {}
