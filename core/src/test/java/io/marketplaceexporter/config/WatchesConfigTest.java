package io.marketplaceexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code prometheus:} and {@code deploy_watch:} sections of the watches. */
class WatchesConfigTest {
  private static void fails(String yaml, String message) {
    assertThatThrownBy(() -> ConfigLoader.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Nested
  class Prometheus {
    @Test
    void defaultsAreNoPrometheusTenSecondsEveryThirtySecondsAndThirtyMinutes() {
      PrometheusApiConfig p = ExporterConfig.defaults().prometheus();

      assertThat(p.configured()).isFalse();
      assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(p.interval()).isEqualTo(Duration.ofSeconds(30));
      assertThat(p.verificationDeadline()).isEqualTo(Duration.ofMinutes(30));
      assertThat(p.verificationFor()).as("the runbooks' own").isNull();
      assertThat(p.credentials(Map.of())).isEmpty();
    }

    @Test
    void everyKeyIsRead() {
      PrometheusApiConfig p =
          ConfigLoader.parse(
                  """
                  prometheus:
                    url: http://127.0.0.1:9090/
                    timeout: 5s
                    bearer_token: ${PROM_TOKEN}
                    interval: 10s
                    verification_deadline: 1h
                    verification_for: 5s
                  """)
              .prometheus();

      assertThat(p.url()).isEqualTo("http://127.0.0.1:9090/");
      assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(5));
      assertThat(p.interval()).isEqualTo(Duration.ofSeconds(10));
      assertThat(p.verificationDeadline()).isEqualTo(Duration.ofHours(1));
      assertThat(p.verificationFor()).isEqualTo(Duration.ofSeconds(5));
      assertThat(p.credentials(Map.of("PROM_TOKEN", "t")).orElseThrow().reveal())
          .isEqualTo("Bearer t");
    }

    @Test
    void badValuesNameTheirKey() {
      fails("prometheus: {url: ftp://x}\n", "prometheus.url: must start with http://");
      fails(
          "prometheus: {url: 'http://u:p@h:9090'}\n", "prometheus.url: must not carry credentials");
      fails("prometheus: {timeout: 1h}\n", "prometheus.timeout: must be between 100ms and 2m");
      fails("prometheus: {interval: 0s}\n", "prometheus.interval: must be between 1s and 10m");
      fails(
          "prometheus: {verification_for: 0s}\n",
          "prometheus.verification_for: must be between 1s and 1d");
      fails(
          "prometheus: {bearer_token: a, basic_auth: {username: u, password: p}}\n",
          "prometheus.bearer_token: set either");
      fails(
          "prometheus: {basic_auth: {username: u}}\n",
          "prometheus.basic_auth.password: must be set");
      fails("prometheus: {nope: 1}\n", "prometheus.nope: unknown key");
    }

    @Test
    void aMissingSecretIsNamedWithoutItsValue() {
      PrometheusApiConfig p =
          ConfigLoader.parse("prometheus: {url: 'http://h', bearer_token: '${NOPE}'}\n")
              .prometheus();

      assertThatThrownBy(() -> p.credentials(Map.of()))
          .hasMessage("bearer_token: environment variable NOPE is not set");
    }
  }

  @Nested
  class DeployWatch {
    @Test
    void defaultsMatchThePacksPostDeployRegression() {
      DeployWatchConfig d = ExporterConfig.defaults().deployWatch();

      assertThat(d.duration()).isEqualTo(Duration.ofMinutes(30));
      assertThat(d.ratioFactor()).isEqualTo(2.0);
      assertThat(d.minRatio()).isEqualTo(0.01);
      assertThat(d.syncLagFactor()).isEqualTo(2.0);
      assertThat(d.minSyncLag()).isEqualTo(Duration.ofMinutes(10));
      assertThat(d.hasGroup()).isFalse();
    }

    @Test
    void everyKeyIsRead() {
      DeployWatchConfig d =
          ConfigLoader.parse(
                  """
                  deploy_watch:
                    duration: 45m
                    channel: dingtalk
                    target: oncall
                    ratio_factor: 3
                    min_ratio: 0.02
                    sync_lag_factor: 4
                    min_sync_lag: 15m
                  """)
              .deployWatch();

      assertThat(d)
          .isEqualTo(
              new DeployWatchConfig(
                  Duration.ofMinutes(45),
                  "dingtalk",
                  "oncall",
                  3,
                  0.02,
                  4,
                  Duration.ofMinutes(15)));
    }

    @Test
    void badValuesNameTheirKey() {
      fails("deploy_watch: {duration: 2d}\n", "deploy_watch.duration: must be between 1m and 1d");
      fails("deploy_watch: {channel: dingtalk}\n", "deploy_watch.target: set both");
      fails(
          "deploy_watch: {channel: slack, target: x}\n",
          "deploy_watch.channel: must be one of dingtalk, wecom, feishu");
      fails("deploy_watch: {ratio_factor: 0.5}\n", "deploy_watch.ratio_factor: must be between");
      fails("deploy_watch: {min_ratio: 1}\n", "deploy_watch.min_ratio: must be at least 0");
    }
  }
}
