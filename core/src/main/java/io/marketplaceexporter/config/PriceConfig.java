package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Price anomaly detection. A price further than {@code changeThreshold} (a fraction: 0.15 is ±15%)
 * from the SKU's last normal price is a drop or a spike; {@code overrides} set another threshold
 * for one shop (on one site, or on every site when {@code site} is omitted).
 */
public record PriceConfig(double changeThreshold, List<ShopThreshold> overrides) {
  public PriceConfig {
    requireThreshold(changeThreshold, "change_threshold");
    overrides = List.copyOf(overrides);
  }

  @JsonCreator
  static PriceConfig of(
      @JsonProperty("change_threshold") Double changeThreshold,
      @JsonProperty("overrides") List<ShopThreshold> overrides) {
    return new PriceConfig(
        changeThreshold == null ? 0.15 : changeThreshold,
        overrides == null ? List.of() : overrides);
  }

  public static PriceConfig defaults() {
    return of(null, null);
  }

  /** The threshold for one shop. */
  public double thresholdFor(String marketplace, String site, String shop) {
    double best = changeThreshold;
    for (ShopThreshold o : overrides) {
      if (o.marketplace().equals(marketplace) && o.shop().equals(shop)) {
        if (o.site() == null) {
          best = o.changeThreshold();
        } else if (o.site().equals(site)) {
          return o.changeThreshold();
        }
      }
    }
    return best;
  }

  private static void requireThreshold(double t, String key) {
    require(Double.isFinite(t) && t > 0 && t <= 10, key, "must be a fraction > 0 and <= 10");
  }

  /** A per-shop threshold. */
  public record ShopThreshold(
      String marketplace, String site, String shop, double changeThreshold) {
    public ShopThreshold {
      require(marketplace != null && !marketplace.isEmpty(), "marketplace", "must be set");
      require(shop != null && !shop.isEmpty(), "shop", "must be set");
      requireThreshold(changeThreshold, "change_threshold");
    }

    @JsonCreator
    static ShopThreshold of(
        @JsonProperty("marketplace") String marketplace,
        @JsonProperty("site") String site,
        @JsonProperty("shop") String shop,
        @JsonProperty("change_threshold") Double changeThreshold) {
      require(changeThreshold != null, "change_threshold", "must be set");
      return new ShopThreshold(marketplace, site, shop, changeThreshold);
    }
  }
}
