package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * Fault drills ({@code drills:}): the reserved shop drills play their incidents on, never a real
 * one.
 */
public record DrillsConfig(String marketplace, String shop) {
  public DrillsConfig {
    require(marketplace != null && !marketplace.isEmpty(), "marketplace", "must be set");
    require(shop != null && !shop.isEmpty(), "shop", "must be set");
  }

  @JsonCreator
  static DrillsConfig of(
      @JsonProperty("marketplace") String marketplace, @JsonProperty("shop") String shop) {
    return new DrillsConfig(
        marketplace == null ? "drill" : marketplace, shop == null ? "drill-shop" : shop);
  }

  /** Whether an alert with {@code labels} is about the drill shop (its messages say "drill"). */
  public boolean isDrill(Map<String, String> labels) {
    return marketplace.equals(labels.get("marketplace")) && shop.equals(labels.get("shop"));
  }

  public static DrillsConfig defaults() {
    return of(null, null);
  }
}
