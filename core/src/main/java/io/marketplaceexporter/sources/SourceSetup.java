package io.marketplaceexporter.sources;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.Durations;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.model.ShopKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What a connector is built from: its configuration (with its index, for error messages like {@code
 * sources[2].credentials.partner_key: is required}), the environment its secret references resolve
 * against, and the shared services (the HTTP client, the clock, the buckets of the documented call
 * rates).
 */
public record SourceSetup(
    SourceConfig config,
    int index,
    Map<String, String> env,
    IngestService ingest,
    OkHttpClient sharedHttp,
    Clock clock,
    CallRates rates) {

  /** The full key of a field of this source, e.g. {@code sources[2].credentials.partner_key}. */
  public String key(String field) {
    return "sources[" + index + "]." + field;
  }

  /** Resolves a required credential reference. */
  public Secret secret(String name) {
    String ref = config.credentials().get(name);
    if (ref == null) {
      throw new ConfigException(key("credentials." + name) + ": is required");
    }
    return Secret.resolve(ref, key("credentials." + name), env);
  }

  /**
   * The shop's tokens, starting from the configured {@code refresh_token}; when that is a {@code
   * file:} reference, rotated refresh tokens are written back to the file.
   */
  public TokenState tokens() {
    Secret refresh = secret("refresh_token");
    String ref = config.credentials().get("refresh_token");
    if (ref.startsWith("file:")) {
      return new TokenState(
          refresh, new RefreshTokenFile(config.name(), Path.of(ref.substring("file:".length()))));
    }
    return new TokenState(refresh);
  }

  /** A required plain option. */
  public String option(String name) {
    String v = config.options().get(name);
    if (v == null || v.isBlank()) {
      throw new ConfigException(key("options." + name) + ": is required");
    }
    return v;
  }

  public String option(String name, String fallback) {
    String v = config.options().get(name);
    return v == null || v.isBlank() ? fallback : v;
  }

  /** An optional duration option ({@code 2d}, {@code 90s}). */
  public Duration durationOption(String name, String fallback) {
    try {
      return Durations.parse(option(name, fallback));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key("options." + name) + ": " + e.getMessage());
    }
  }

  /** An optional whole number option, 1 to 10000. */
  public int intOption(String name, int fallback) {
    String v = option(name, Integer.toString(fallback));
    try {
      int n = Integer.parseInt(v);
      if (n >= 1 && n <= 10_000) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new ConfigException(key("options." + name) + ": must be a whole number 1..10000");
  }

  /** An optional date or date-time option as Unix seconds (NaN when absent). */
  public double instantOption(String name) {
    String v = config.options().get(name);
    if (v == null) {
      return Double.NaN;
    }
    try {
      Instant t =
          v.length() == 10
              ? LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC)
              : OffsetDateTime.parse(v).toInstant();
      return t.getEpochSecond();
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          key("options." + name) + ": must be a date (2027-03-01) or date-time with offset");
    }
  }

  /** The source's shop labels. */
  public ShopKey shop(String marketplace) {
    return new ShopKey(marketplace, config.site(), config.shop());
  }

  /** The HTTP client variant with this source's timeout. */
  public OkHttpClient http() {
    return HttpClients.forSource(sharedHttp, config.timeout());
  }

  /** {@code url}, or {@code auth_url} when set and {@code auth} is true, as a parsed URL. */
  public HttpUrl baseUrl(boolean auth) {
    String u = auth && config.authUrl() != null ? config.authUrl() : config.url();
    HttpUrl parsed = HttpUrl.parse(u);
    if (parsed == null) {
      throw new ConfigException(key(auth ? "auth_url" : "url") + ": not a valid URL");
    }
    return parsed;
  }

  /** The buckets this source's calls count in: {@code documented}, unless its options override. */
  public CallRates.Gate gate(ShopKey seller, CallRates.Documented documented) {
    return rates.gate(this, seller.site() + "/" + seller.shop(), documented);
  }

  public double nowSeconds() {
    return clock.millis() / 1000.0;
  }
}
