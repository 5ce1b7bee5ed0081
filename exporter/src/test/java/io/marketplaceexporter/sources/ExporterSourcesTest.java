package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.Main;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Sources wired into the exporter as a user configures them. This is also how a test makes the
 * Sources metrics of {@code docs/metrics.md} appear: configure one generic source against a
 * MockWebServer and wait for its first successful poll (within a second of start).
 */
class ExporterSourcesTest {
  static final String TOKEN = "erp-bearer-token-7f3a";
  static final OkHttpClient HTTP = HttpClients.shared();

  @StartStop final MockWebServer erp = new MockWebServer();

  static String get(String url) throws Exception {
    try (Response r = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
      return r.body().string();
    }
  }

  private String config() {
    return """
        web: {listen_address: "127.0.0.1:0"}
        sources:
          - name: erp
            type: generic
            url: %s
            interval: 1h
            timeout: 2s
            credentials: {bearer_token: "${ERP_TOKEN}"}
            mappings:
              - for_each: $.changes[*]
                event: {type: change, id: $.id, service: $.service, kind: deploy, version: $.version}
        """
        .formatted(erp.url("/changes"));
  }

  @Nested
  class Metrics {
    @Test
    void aConfiguredSourceIsPolledAtStartAndShowsItsHealthOnMetrics() throws Exception {
      erp.enqueue(
          new MockResponse.Builder()
              .body("{\"changes\":[{\"id\":\"d1\",\"service\":\"wms\",\"version\":\"7.1\"}]}")
              .build());
      ExporterConfig config = ConfigLoader.parse(config());
      try (Exporter e =
          Exporter.createForTest(
                  config, Launcher.plain(), Map.of("ERP_TOKEN", TOKEN), java.time.Clock.systemUTC())
              .start()) {
        String url = "http://127.0.0.1:" + e.port();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String metrics = get(url + "/metrics");
        // The change family is rendered ahead (within a second), the source health at the scrape.
        while (!(metrics.contains("marketplace_exporter_source_last_success_timestamp_seconds{")
                && metrics.contains("marketplace_changes_total{"))
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
          metrics = get(url + "/metrics");
        }
        assertThat(metrics)
            .contains("marketplace_exporter_source_up{source=\"erp\"} 1.0")
            .contains("marketplace_exporter_source_last_success_timestamp_seconds{source=\"erp\"}")
            .contains("marketplace_exporter_poll_duration_seconds_count{source=\"erp\"} 1")
            .contains("marketplace_exporter_poll_errors_total{reason=\"timeout\",source=\"erp\"} 0")
            .contains("marketplace_changes_total{kind=\"deploy\",service=\"wms\"} 1.0")
            .doesNotContain(TOKEN);
        assertThat(erp.takeRequest().getHeaders().get("Authorization"))
            .isEqualTo("Bearer " + TOKEN);
        assertThat(get(url + "/api/v1/changes")).contains("wms").doesNotContain(TOKEN);
      }
    }

    @Test
    void withoutSourcesNoSourceMetricIsExposed() throws Exception {
      ExporterConfig config = ConfigLoader.parse("web: {listen_address: \"127.0.0.1:0\"}\n");
      try (Exporter e =
          Exporter.createForTest(config, Launcher.plain(), Map.of(), java.time.Clock.systemUTC())
              .start()) {
        assertThat(get("http://127.0.0.1:" + e.port() + "/metrics"))
            .doesNotContain("marketplace_exporter_source_")
            .doesNotContain("marketplace_exporter_poll_");
      }
    }
  }

  @Nested
  class ConfigCheck {
    @Test
    void configCheckReportsAMissingCredentialByItsKey(@TempDir Path dir) throws Exception {
      Path file = dir.resolve("config.yml");
      Files.writeString(file, config().replace("\"${ERP_TOKEN}\"", "\"${NOT_SET_ANYWHERE_42}\""));
      int[] code = new int[1];

      String err =
          SourcesTestSupport.captureStderr(
              () ->
                  code[0] =
                      new CommandLine(new Main())
                          .execute("--config.file=" + file, "--config.check"));

      assertThat(code[0]).isEqualTo(2);
      assertThat(err)
          .contains(
              "sources[0].credentials.bearer_token: environment variable NOT_SET_ANYWHERE_42 is"
                  + " not set");
    }
  }
}
