package io.marketplaceexporter.config;

import java.time.Duration;

/**
 * The one error for a bad configuration. Its message starts with the key at fault, for example
 * {@code limits.max_series_per_metric: must be > 0}, and never contains a secret's value.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Fails with {@code key: message} unless {@code condition} holds. */
  static void require(boolean condition, String key, String message) {
    if (!condition) {
      throw new ConfigException(key + ": " + message);
    }
  }

  /** Fails with {@code key: must be between <min> and <max>} unless {@code min ≤ value ≤ max}. */
  static void requireBetween(Duration value, Duration min, Duration max, String key) {
    require(
        value.compareTo(min) >= 0 && value.compareTo(max) <= 0,
        key,
        "must be between " + Durations.format(min) + " and " + Durations.format(max));
  }
}
