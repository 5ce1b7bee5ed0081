package io.marketplaceexporter.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The whole configuration file; every section is optional and has defaults. */
public record ExporterConfig(
    WebConfig web, AuthConfig auth, IngestConfig ingest, LimitsConfig limits, PriceConfig price) {

  @JsonCreator
  static ExporterConfig of(
      @JsonProperty("web") WebConfig web,
      @JsonProperty("auth") AuthConfig auth,
      @JsonProperty("ingest") IngestConfig ingest,
      @JsonProperty("limits") LimitsConfig limits,
      @JsonProperty("price") PriceConfig price) {
    return new ExporterConfig(
        web == null ? WebConfig.defaults() : web,
        auth == null ? AuthConfig.defaults() : auth,
        ingest == null ? IngestConfig.defaults() : ingest,
        limits == null ? LimitsConfig.defaults() : limits,
        price == null ? PriceConfig.defaults() : price);
  }

  public static ExporterConfig defaults() {
    return of(null, null, null, null, null);
  }

  public ExporterConfig withWeb(WebConfig w) {
    return new ExporterConfig(w, auth, ingest, limits, price);
  }

  public ExporterConfig withLimits(LimitsConfig l) {
    return new ExporterConfig(web, auth, ingest, l, price);
  }

  public ExporterConfig withAuth(AuthConfig a) {
    return new ExporterConfig(web, a, ingest, limits, price);
  }

  public ExporterConfig withIngest(IngestConfig i) {
    return new ExporterConfig(web, auth, i, limits, price);
  }

  public ExporterConfig withPrice(PriceConfig p) {
    return new ExporterConfig(web, auth, ingest, limits, p);
  }
}
