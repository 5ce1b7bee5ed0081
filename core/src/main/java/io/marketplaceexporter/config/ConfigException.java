package io.marketplaceexporter.config;

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
}
