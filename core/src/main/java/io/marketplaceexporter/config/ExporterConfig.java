package io.marketplaceexporter.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The whole configuration file; every section is optional and has defaults. */
public record ExporterConfig(
    WebConfig web,
    AuthConfig auth,
    IngestConfig ingest,
    LimitsConfig limits,
    PriceConfig price,
    List<SourceConfig> sources,
    PollingConfig polling,
    RelayConfig relay,
    StorageConfig storage,
    ShardConfig shard,
    AlertingConfig alerting,
    ActionsConfig actions,
    PrometheusApiConfig prometheus,
    DeployWatchConfig deployWatch,
    DrillsConfig drills) {

  public ExporterConfig {
    sources = List.copyOf(sources);
  }

  /** Without sources to poll and without a relay, as before either existed. */
  public ExporterConfig(
      WebConfig web, AuthConfig auth, IngestConfig ingest, LimitsConfig limits, PriceConfig price) {
    this(
        web,
        auth,
        ingest,
        limits,
        price,
        List.of(),
        PollingConfig.defaults(),
        RelayConfig.defaults(),
        StorageConfig.defaults(),
        ShardConfig.defaults(),
        AlertingConfig.defaults());
  }

  /** Without the operations sections (actions, prometheus, deploy_watch, drills). */
  public ExporterConfig(
      WebConfig web,
      AuthConfig auth,
      IngestConfig ingest,
      LimitsConfig limits,
      PriceConfig price,
      List<SourceConfig> sources,
      PollingConfig polling,
      RelayConfig relay,
      StorageConfig storage,
      ShardConfig shard,
      AlertingConfig alerting) {
    this(
        web,
        auth,
        ingest,
        limits,
        price,
        sources,
        polling,
        relay,
        storage,
        shard,
        alerting,
        ActionsConfig.defaults(),
        PrometheusApiConfig.defaults(),
        DeployWatchConfig.defaults(),
        DrillsConfig.defaults());
  }

  @JsonCreator
  static ExporterConfig of(
      @JsonProperty("web") WebConfig web,
      @JsonProperty("auth") AuthConfig auth,
      @JsonProperty("ingest") IngestConfig ingest,
      @JsonProperty("limits") LimitsConfig limits,
      @JsonProperty("price") PriceConfig price,
      @JsonProperty("sources") List<SourceConfig> sources,
      @JsonProperty("polling") PollingConfig polling,
      @JsonProperty("relay") RelayConfig relay,
      @JsonProperty("storage") StorageConfig storage,
      @JsonProperty("shard") ShardConfig shard,
      @JsonProperty("alerting") AlertingConfig alerting,
      @JsonProperty("actions") ActionsConfig actions,
      @JsonProperty("prometheus") PrometheusApiConfig prometheus,
      @JsonProperty("deploy_watch") DeployWatchConfig deployWatch,
      @JsonProperty("drills") DrillsConfig drills) {
    return new ExporterConfig(
        web == null ? WebConfig.defaults() : web,
        auth == null ? AuthConfig.defaults() : auth,
        ingest == null ? IngestConfig.defaults() : ingest,
        limits == null ? LimitsConfig.defaults() : limits,
        price == null ? PriceConfig.defaults() : price,
        sources == null ? List.of() : sources,
        polling == null ? PollingConfig.defaults() : polling,
        relay == null ? RelayConfig.defaults() : relay,
        storage == null ? StorageConfig.defaults() : storage,
        shard == null ? ShardConfig.defaults() : shard,
        alerting == null ? AlertingConfig.defaults() : alerting,
        actions == null ? ActionsConfig.defaults() : actions,
        prometheus == null ? PrometheusApiConfig.defaults() : prometheus,
        deployWatch == null ? DeployWatchConfig.defaults() : deployWatch,
        drills == null ? DrillsConfig.defaults() : drills);
  }

  public static ExporterConfig defaults() {
    return of(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
  }

  public ExporterConfig withWeb(WebConfig w) {
    return new ExporterConfig(
        w,
        auth,
        ingest,
        limits,
        price,
        sources,
        polling,
        relay,
        storage,
        shard,
        alerting,
        actions,
        prometheus,
        deployWatch,
        drills);
  }

  public ExporterConfig withLimits(LimitsConfig l) {
    return new ExporterConfig(
        web,
        auth,
        ingest,
        l,
        price,
        sources,
        polling,
        relay,
        storage,
        shard,
        alerting,
        actions,
        prometheus,
        deployWatch,
        drills);
  }

  public ExporterConfig withAuth(AuthConfig a) {
    return new ExporterConfig(
        web,
        a,
        ingest,
        limits,
        price,
        sources,
        polling,
        relay,
        storage,
        shard,
        alerting,
        actions,
        prometheus,
        deployWatch,
        drills);
  }

  public ExporterConfig withIngest(IngestConfig i) {
    return new ExporterConfig(
        web,
        auth,
        i,
        limits,
        price,
        sources,
        polling,
        relay,
        storage,
        shard,
        alerting,
        actions,
        prometheus,
        deployWatch,
        drills);
  }

  public ExporterConfig withPrice(PriceConfig p) {
    return new ExporterConfig(
        web,
        auth,
        ingest,
        limits,
        p,
        sources,
        polling,
        relay,
        storage,
        shard,
        alerting,
        actions,
        prometheus,
        deployWatch,
        drills);
  }

  public ExporterConfig withSources(List<SourceConfig> s, PollingConfig p) {
    return new ExporterConfig(
        web,
        auth,
        ingest,
        limits,
        price,
        s,
        p,
        relay,
        storage,
        shard,
        alerting,
        actions,
        prometheus,
        deployWatch,
        drills);
  }

  public ExporterConfig withStorage(StorageConfig s) {
    return new ExporterConfig(
        web,
        auth,
        ingest,
        limits,
        price,
        sources,
        polling,
        relay,
        s,
        shard,
        alerting,
        actions,
        prometheus,
        deployWatch,
        drills);
  }

  public ExporterConfig withRelay(RelayConfig r) {
    return new ExporterConfig(
        web,
        auth,
        ingest,
        limits,
        price,
        sources,
        polling,
        r,
        storage,
        shard,
        alerting,
        actions,
        prometheus,
        deployWatch,
        drills);
  }

  public ExporterConfig withShard(ShardConfig s) {
    return new ExporterConfig(
        web,
        auth,
        ingest,
        limits,
        price,
        sources,
        polling,
        relay,
        storage,
        s,
        alerting,
        actions,
        prometheus,
        deployWatch,
        drills);
  }

  public ExporterConfig withActions(ActionsConfig a) {
    return new ExporterConfig(
        web,
        auth,
        ingest,
        limits,
        price,
        sources,
        polling,
        relay,
        storage,
        shard,
        alerting,
        a,
        prometheus,
        deployWatch,
        drills);
  }
}
