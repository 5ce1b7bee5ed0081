package io.marketplaceexporter.config;

import static io.marketplaceexporter.config.ConfigException.require;
import static io.marketplaceexporter.config.ConfigException.requireBetween;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The watch each {@code change} of kind {@code deploy} starts ({@code deploy_watch:}): how long it
 * watches, where it posts its verdict ({@code channel}/{@code target}, a relay target; empty: the
 * verdicts are only counted), and what counts as a regression. A ratio (order failures, API errors)
 * regressed when it is above {@code minRatio} and at least {@code ratioFactor} times its value over
 * the same duration before the deploy (the pack's PostDeployRegression: 1% and 2×); the sync lag
 * when it is above {@code minSyncLag} and at least {@code syncLagFactor} times its value before.
 */
public record DeployWatchConfig(
    Duration duration,
    String channel,
    String target,
    double ratioFactor,
    double minRatio,
    double syncLagFactor,
    Duration minSyncLag) {
  public DeployWatchConfig {
    requireBetween(duration, Duration.ofMinutes(1), Duration.ofDays(1), "duration");
    channel = channel == null ? "" : channel;
    target = target == null ? "" : target;
    require(
        channel.isEmpty() == target.isEmpty(), "target", "set both channel and target, or neither");
    require(
        channel.isEmpty() || channel.matches("dingtalk|wecom|feishu"),
        "channel",
        "must be one of dingtalk, wecom, feishu");
    require(ratioFactor >= 1 && ratioFactor <= 100, "ratio_factor", "must be between 1 and 100");
    require(minRatio >= 0 && minRatio < 1, "min_ratio", "must be at least 0 and below 1");
    require(
        syncLagFactor >= 1 && syncLagFactor <= 100, "sync_lag_factor", "must be between 1 and 100");
    require(!minSyncLag.isNegative(), "min_sync_lag", "must not be negative");
  }

  @JsonCreator
  static DeployWatchConfig of(
      @JsonProperty("duration") String duration,
      @JsonProperty("channel") String channel,
      @JsonProperty("target") String target,
      @JsonProperty("ratio_factor") Double ratioFactor,
      @JsonProperty("min_ratio") Double minRatio,
      @JsonProperty("sync_lag_factor") Double syncLagFactor,
      @JsonProperty("min_sync_lag") String minSyncLag) {
    return new DeployWatchConfig(
        ConfigLoader.duration(duration, "30m", "duration"),
        channel,
        target,
        ratioFactor == null ? 2 : ratioFactor,
        minRatio == null ? 0.01 : minRatio,
        syncLagFactor == null ? 2 : syncLagFactor,
        ConfigLoader.duration(minSyncLag, "10m", "min_sync_lag"));
  }

  public static DeployWatchConfig defaults() {
    return of(null, null, null, null, null, null, null);
  }

  /** Whether a group to post the verdicts to is configured (without one they are only counted). */
  public boolean hasGroup() {
    return !channel.isEmpty();
  }
}
