package io.marketplaceexporter.status;

import java.time.Instant;

/**
 * One polled source now. {@code state} is {@link #PENDING} before its first poll ended, {@link #UP}
 * after a successful poll, {@link #THROTTLED} while the marketplace rate-limits it and {@link
 * #DOWN} after any other failure; {@code lastError} is the {@code reason} label of {@code
 * marketplace_exporter_poll_errors_total} (null when the last poll succeeded), {@code failures} how
 * many polls in a row failed. Times are null when unknown.
 */
public record SourceStatus(
    String name,
    String state,
    Instant lastSuccess,
    String lastError,
    int failures,
    Instant nextPoll) {
  public static final String PENDING = "pending";
  public static final String UP = "up";
  public static final String THROTTLED = "throttled";
  public static final String DOWN = "down";
}
