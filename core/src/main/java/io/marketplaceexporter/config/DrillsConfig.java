package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

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

  public static DrillsConfig defaults() {
    return of(null, null);
  }
}
