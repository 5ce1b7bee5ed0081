package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;

/**
 * Values the alert rule pack joins on at run time, so that a job's schedule or a shop's threshold
 * changes with a restart of the exporter, without re-rendering the pack (rules/README.md, "Per-shop
 * and per-job thresholds"). The exporter exposes them as series: {@code syncSchedules} as {@code
 * marketplace_sync_expected_interval_seconds}, {@code thresholds} as {@code
 * marketplace_alert_threshold}.
 */
public record AlertingConfig(
    List<SyncSchedule> syncSchedules, List<Threshold> thresholds, List<ChangeScope> changeScopes) {
  public AlertingConfig {
    syncSchedules = List.copyOf(syncSchedules);
    thresholds = List.copyOf(thresholds);
    changeScopes = List.copyOf(changeScopes);
  }

  @JsonCreator
  static AlertingConfig of(
      @JsonProperty("sync_schedules") List<SyncSchedule> syncSchedules,
      @JsonProperty("thresholds") List<Threshold> thresholds,
      @JsonProperty("change_scopes") List<ChangeScope> changeScopes) {
    return new AlertingConfig(
        syncSchedules == null ? List.of() : syncSchedules,
        thresholds == null ? List.of() : thresholds,
        changeScopes == null ? List.of() : changeScopes);
  }

  public static AlertingConfig defaults() {
    return of(null, null, null);
  }

  /**
   * What a change of {@code service} can affect: one marketplace, or one shop of it. A service with
   * scopes is held responsible (PostDeployRegression) only for regressions there; a service without
   * any is held responsible everywhere.
   */
  public record ChangeScope(String service, String marketplace, String site, String shop) {
    public ChangeScope {
      site = orEmpty(site);
      shop = orEmpty(shop);
      require(service != null && !service.isEmpty(), "service", "must be set");
      require(marketplace != null && !marketplace.isEmpty(), "marketplace", "must be set");
    }

    @JsonCreator
    static ChangeScope of(
        @JsonProperty("service") String service,
        @JsonProperty("marketplace") String marketplace,
        @JsonProperty("site") String site,
        @JsonProperty("shop") String shop) {
      return new ChangeScope(service, marketplace, site, shop);
    }
  }

  /**
   * How often a sync job is expected to succeed: for one {@code system} and {@code job} on every
   * shop, or on one shop when {@code marketplace} and {@code shop} are set ({@code site} as the
   * shop's series have it, empty when it has none).
   */
  public record SyncSchedule(
      String marketplace, String site, String shop, String system, String job, Duration every) {
    public SyncSchedule {
      marketplace = orEmpty(marketplace);
      site = orEmpty(site);
      shop = orEmpty(shop);
      require(system != null && !system.isEmpty(), "system", "must be set");
      require(job != null && !job.isEmpty(), "job", "must be set");
      requireScope(marketplace, shop);
      require(!every.isNegative() && !every.isZero(), "expected_interval", "must be positive");
    }

    @JsonCreator
    static SyncSchedule of(
        @JsonProperty("marketplace") String marketplace,
        @JsonProperty("site") String site,
        @JsonProperty("shop") String shop,
        @JsonProperty("system") String system,
        @JsonProperty("job") String job,
        @JsonProperty("expected_interval") String expectedInterval) {
      require(expectedInterval != null, "expected_interval", "must be set, like 1h");
      Duration every;
      try {
        every = Durations.parse(expectedInterval);
      } catch (IllegalArgumentException e) {
        throw new ConfigException("expected_interval: " + e.getMessage());
      }
      return new SyncSchedule(marketplace, site, shop, system, job, every);
    }
  }

  /**
   * Thresholds of one shop (with {@code marketplace}, {@code shop} and the shop's {@code site}) or
   * of one sync job ({@code system} and {@code job}, on every shop or on the given shop). A
   * threshold left out keeps the pack's default (rules/config.libsonnet).
   */
  public record Threshold(
      String marketplace,
      String site,
      String shop,
      String system,
      String job,
      Double orderFailureRatio,
      Double syncLagWarningSeconds,
      Double syncLagCriticalSeconds) {
    public Threshold {
      marketplace = orEmpty(marketplace);
      site = orEmpty(site);
      shop = orEmpty(shop);
      system = orEmpty(system);
      job = orEmpty(job);
      requireScope(marketplace, shop);
      require(
          system.isEmpty() == job.isEmpty(), "system", "and job must be set together (or neither)");
      require(
          !shop.isEmpty() || !job.isEmpty(), "shop", "or system and job must be set (the scope)");
      require(
          orderFailureRatio == null || orderFailureRatio > 0 && orderFailureRatio <= 1,
          "order_failure_ratio",
          "must be a fraction > 0 and <= 1");
      require(
          orderFailureRatio == null || job.isEmpty(),
          "order_failure_ratio",
          "is a shop threshold: leave out system and job");
      requireSeconds(syncLagWarningSeconds, "sync_lag_warning_seconds");
      requireSeconds(syncLagCriticalSeconds, "sync_lag_critical_seconds");
      require(
          orderFailureRatio != null
              || syncLagWarningSeconds != null
              || syncLagCriticalSeconds != null,
          "order_failure_ratio",
          "or sync_lag_warning_seconds or sync_lag_critical_seconds must be set");
    }

    @JsonCreator
    static Threshold of(
        @JsonProperty("marketplace") String marketplace,
        @JsonProperty("site") String site,
        @JsonProperty("shop") String shop,
        @JsonProperty("system") String system,
        @JsonProperty("job") String job,
        @JsonProperty("order_failure_ratio") Double orderFailureRatio,
        @JsonProperty("sync_lag_warning_seconds") Double syncLagWarningSeconds,
        @JsonProperty("sync_lag_critical_seconds") Double syncLagCriticalSeconds) {
      return new Threshold(
          marketplace,
          site,
          shop,
          system,
          job,
          orderFailureRatio,
          syncLagWarningSeconds,
          syncLagCriticalSeconds);
    }

    private static void requireSeconds(Double s, String key) {
      require(s == null || Double.isFinite(s) && s > 0, key, "must be a number of seconds > 0");
    }
  }

  private static void requireScope(String marketplace, String shop) {
    require(
        marketplace.isEmpty() == shop.isEmpty(),
        "shop",
        "and marketplace must be set together (or neither)");
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
