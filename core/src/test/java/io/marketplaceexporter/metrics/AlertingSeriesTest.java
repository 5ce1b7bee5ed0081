package io.marketplaceexporter.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.RunningExporter;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The series the rule pack joins on (issue 15): expected intervals of sync jobs from sync events
 * and from {@code alerting.sync_schedules}, and thresholds from {@code alerting.thresholds}.
 */
class AlertingSeriesTest {
  static final String INTERVAL = "marketplace_sync_expected_interval_seconds";
  static final String THRESHOLD = "marketplace_alert_threshold";

  static final String CONFIG =
      """
      alerting:
        sync_schedules:
          - {system: erp, job: orders, expected_interval: 1h}
          - {marketplace: amazon, site: US, shop: S2, system: erp, job: inventory, expected_interval: 30m}
        thresholds:
          - {marketplace: amazon, site: US, shop: CAMPAIGN, order_failure_ratio: 0.2}
          - {system: mabang, job: price, sync_lag_warning_seconds: 7200, sync_lag_critical_seconds: 10800}
        change_scopes:
          - {service: shopee-order-sync, marketplace: shopee}
      """;

  static String sync(String shop, String system, String job, String extra) {
    return """
        {"type":"sync","marketplace":"amazon","site":"US","shop":"%s","system":"%s","job":"%s",\
        "outcome":"success","finished_at":1795507140%s}"""
        .formatted(shop, system, job, extra);
  }

  static String[] scope(String marketplace, String shop, String system, String job) {
    return new String[] {
      "marketplace",
      marketplace,
      "site",
      marketplace.isEmpty() ? "" : "US",
      "shop",
      shop,
      "system",
      system,
      "job",
      job
    };
  }

  @Nested
  class Exposed {

    @Test
    void syncEventsAndTheConfigurationGiveEachJobItsExpectedInterval() {
      try (RunningExporter server =
          RunningExporter.start(CONFIG, Map.of(), Exporter.Options.plain())) {
        String events =
            "["
                + sync("S1", "mabang", "inventory", ",\"expected_interval_seconds\":3600")
                + ","
                + sync("S2", "erp", "inventory", ",\"expected_interval_seconds\":900")
                + ","
                + sync("S3", "mabang", "price", "")
                + "]";
        assertThat(server.post("/api/v1/events", events).body()).contains("\"accepted\":3");

        MetricsText m = server.metrics();
        assertThat(m.value(INTERVAL, scope("amazon", "S1", "mabang", "inventory")))
            .as("from the sync event")
            .isEqualTo(3600.0);
        assertThat(m.value(INTERVAL, scope("amazon", "S2", "erp", "inventory")))
            .as("configured for the shop: replaces the event's 900")
            .isEqualTo(1800.0);
        assertThat(m.value(INTERVAL, scope("", "", "erp", "orders")))
            .as("configured for the job on every shop")
            .isEqualTo(3600.0);
        assertThat(m.value(INTERVAL, scope("amazon", "S3", "mabang", "price")))
            .as("no interval known")
            .isNull();
        assertThat(m.samples(INTERVAL)).hasSize(3);
      }
    }

    @Test
    void thresholdsOfTheConfigurationAreSeriesByName() {
      try (RunningExporter server =
          RunningExporter.start(CONFIG, Map.of(), Exporter.Options.plain())) {
        MetricsText m = server.metrics();

        assertThat(
                m.value(
                    THRESHOLD,
                    "threshold",
                    "order_failure_ratio",
                    "marketplace",
                    "amazon",
                    "site",
                    "US",
                    "shop",
                    "CAMPAIGN",
                    "system",
                    "",
                    "job",
                    ""))
            .isEqualTo(0.2);
        assertThat(
                m.value(
                    THRESHOLD,
                    "threshold",
                    "sync_lag_critical_seconds",
                    "marketplace",
                    "",
                    "site",
                    "",
                    "shop",
                    "",
                    "system",
                    "mabang",
                    "job",
                    "price"))
            .isEqualTo(10800.0);
        assertThat(m.samples(THRESHOLD)).hasSize(3);
        assertThat(
                m.value(
                    "marketplace_change_scope",
                    "service",
                    "shopee-order-sync",
                    "marketplace",
                    "shopee",
                    "site",
                    "",
                    "shop",
                    ""))
            .isEqualTo(1.0);
      }
    }

    @Test
    void aBadExpectedIntervalIsRejectedNamingTheFieldAndKeepsTheOtherEvents() {
      try (RunningExporter server = RunningExporter.start()) {
        String events =
            "["
                + sync("S1", "erp", "orders", ",\"expected_interval_seconds\":-5")
                + ","
                + sync("S2", "erp", "orders", ",\"expected_interval_seconds\":600")
                + "]";
        RunningExporter.Reply reply = server.post("/api/v1/events", events);

        assertThat(reply.status()).isBetween(200, 499);
        assertThat(reply.body())
            .contains("\"accepted\":1", "expected_interval_seconds", "must be between");
        assertThat(server.metrics().value(INTERVAL, scope("amazon", "S2", "erp", "orders")))
            .isEqualTo(600.0);
      }
    }
  }

  @Nested
  class Configuration {

    private void fails(String yaml, String message) {
      assertThatThrownBy(() -> ConfigLoader.parse(yaml))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining(message);
    }

    @Test
    void aScheduleNeedsItsIntervalSystemAndJob() {
      fails(
          "alerting:\n  sync_schedules:\n    - {system: erp, job: orders}\n",
          "expected_interval: must be set");
      fails(
          "alerting:\n  sync_schedules:\n    - {system: erp, job: orders, expected_interval: soon}\n",
          "expected_interval");
      fails(
          "alerting:\n  sync_schedules:\n    - {job: orders, expected_interval: 1h}\n",
          "system: must be set");
    }

    @Test
    void aThresholdNeedsAScopeAndAValueInRange() {
      fails(
          "alerting:\n  thresholds:\n    - {order_failure_ratio: 0.2}\n",
          "shop: or system and job must be set");
      fails(
          "alerting:\n  thresholds:\n    - {marketplace: amazon, shop: S1, order_failure_ratio: 2}\n",
          "order_failure_ratio: must be a fraction");
      fails(
          "alerting:\n  thresholds:\n    - {shop: S1, order_failure_ratio: 0.2}\n",
          "shop: and marketplace must be set together");
      fails("alerting:\n  thresholds:\n    - {marketplace: amazon, shop: S1}\n", "must be set");
    }

    @Test
    void anUnknownKeyIsAnError() {
      assertThatThrownBy(
              () ->
                  ConfigLoader.parse(
                      "alerting:\n  thresholds:\n    - {marketplace: amazon, shop: S1, order_failure: 0.2}\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("order_failure");
    }
  }
}
