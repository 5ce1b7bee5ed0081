package io.marketplaceexporter.status;

/**
 * Something wrong with a shop now: {@code kind} names the check (see {@link Troubles}), {@code
 * severity} is {@link #CRITICAL} or {@link #WARNING} as in the alert rule pack, and {@code detail}
 * says it in words.
 */
public record Trouble(String kind, String severity, String detail) {
  public static final String CRITICAL = "critical";
  public static final String WARNING = "warning";

  public boolean critical() {
    return CRITICAL.equals(severity);
  }
}
