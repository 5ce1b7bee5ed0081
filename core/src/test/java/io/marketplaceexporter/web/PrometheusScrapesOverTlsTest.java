package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.support.RunningExporter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (the current LTS) scrapes the exporter over HTTPS with basic auth, as the
 * README tells users to set it up: {@code scheme: https}, {@code tls_config.ca_file}, {@code
 * basic_auth}. The same target scraped with a wrong password, and over plain HTTP, is down, with
 * the reason Prometheus gives.
 */
class PrometheusScrapesOverTlsTest {
  private static final String PASSWORD = "correct horse battery staple";

  @TempDir Path dir;

  @Test
  void prometheusScrapesOverTlsWithBasicAuthAndNotWithoutThem() throws Exception {
    TestPki pki = TestPki.create().writeTo(dir);
    String web =
        "tls_server_config:\n  cert_file: server.pem\n  key_file: server-key.pem\n"
            + "  min_version: TLS12\n"
            + "basic_auth_users:\n  prometheus: '"
            + TestPki.bcrypt(PASSWORD, 10)
            + "'\n";
    WebSecurity security = WebSecurity.load(TestPki.write(dir.resolve("web.yml"), web));
    try (RunningExporter exporter =
        RunningExporter.startAsConfigured(
            ConfigLoader.parse(""), Map.of(), Exporter.Options.plain().withWeb(security))) {
      String target = "127.0.0.1:" + exporter.exporter.port();
      String config =
          "global:\n  scrape_interval: 2s\n  scrape_timeout: 2s\n"
              + "scrape_configs:\n"
              + job("exporter", "https", target, PASSWORD, pki)
              + job("wrong-password", "https", target, "wrong", pki)
              + job("plain-http", "http", target, PASSWORD, pki);
      try (LocalPrometheus prometheus = LocalPrometheus.start(dir, config)) {
        Map<String, String> up = new HashMap<>();
        Map<String, String> lastError = new HashMap<>();
        prometheus.await(
            Duration.ofSeconds(90),
            "scraping all three jobs",
            () -> {
              up.clear();
              for (JsonNode s : prometheus.query("up")) {
                up.put(s.path("metric").path("job").asText(), s.path("value").path(1).asText());
              }
              lastError.clear();
              for (JsonNode t : prometheus.api("/api/v1/targets").path("activeTargets")) {
                lastError.put(t.path("labels").path("job").asText(), t.path("lastError").asText());
              }
              // On a loaded machine one scrape of the wrong password may time out before its 401:
              // wait for one that got the exporter's answer.
              return up.size() == 3
                  && up.get("exporter").equals("1")
                  && lastError.getOrDefault("wrong-password", "").contains("401");
            },
            () -> prometheus.api("/api/v1/targets").toPrettyString());

        assertThat(up)
            .containsEntry("exporter", "1")
            .containsEntry("wrong-password", "0")
            .containsEntry("plain-http", "0");
        assertThat(prometheus.query("marketplace_exporter_build_info{job=\"exporter\"}"))
            .hasSize(1);
        assertThat(lastError.get("exporter")).isEmpty();
        assertThat(lastError.get("wrong-password")).contains("401");
        assertThat(lastError.get("plain-http")).isNotEmpty();
      }
    }
  }

  private static String job(
      String name, String scheme, String target, String password, TestPki pki) {
    return "  - job_name: "
        + name
        + "\n    scheme: "
        + scheme
        + "\n    tls_config:\n      ca_file: ca.pem\n"
        + "    basic_auth:\n      username: prometheus\n      password: '"
        + password
        + "'\n    static_configs:\n      - targets: ['"
        + target
        + "']\n";
  }
}
