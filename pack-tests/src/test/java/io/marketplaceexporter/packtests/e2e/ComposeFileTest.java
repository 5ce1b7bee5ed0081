package io.marketplaceexporter.packtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.packtests.Pack;
import io.marketplaceexporter.packtests.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docker-compose.yml} is valid and wired to the project's files. There is no Docker engine
 * in CI: Debian's {@code docker-compose} (1.29) validates and resolves the file without one, and
 * {@link AlertPipelineTest} runs the same components from Debian's packages.
 */
class ComposeFileTest {
  private static final String DOCKER_COMPOSE = "docker-compose";

  private static Tools.Result compose(String... args) {
    List<String> all = new ArrayList<>(List.of("-f", "docker-compose.yml"));
    all.addAll(List.of(args));
    return Tools.run(Pack.root(), DOCKER_COMPOSE, all.toArray(String[]::new));
  }

  private static JsonNode resolved() throws Exception {
    Tools.Result r = compose("config");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    return Pack.YAML.readTree(r.output());
  }

  @Test
  void composeFileIsValid() {
    Tools.Result r = compose("config", "-q");
    assertThat(r.exitCode()).as(r.describe()).isZero();
    assertThat(r.output()).as(r.describe()).isBlank();
  }

  @Test
  void stackHasTheExporterSandboxPrometheusAlertmanagerAndGrafana() throws Exception {
    JsonNode services = resolved().path("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .contains("marketplace-exporter", "sandbox", "prometheus", "alertmanager", "grafana");
    assertThat(services.path("sandbox").path("entrypoint").toString())
        .contains("io.marketplaceexporter.sandbox.SandboxMain");
    assertThat(services.path("marketplace-exporter").path("build").path("context").asText())
        .isEqualTo(Pack.root().toString());
  }

  @Test
  void everyFileTheStackMountsExists() throws Exception {
    JsonNode services = resolved().path("services");
    List<String> sources = new ArrayList<>();
    services.forEach(
        s ->
            s.path("volumes")
                .forEach(
                    v -> {
                      String source =
                          v.isTextual() ? v.asText().split(":")[0] : v.path("source").asText();
                      String type = v.path("type").asText("bind");
                      if (type.equals("bind") && source.startsWith("/")) {
                        sources.add(source);
                      }
                    }));
    assertThat(sources).isNotEmpty();
    for (String source : sources) {
      assertThat(Path.of(source)).as("mounted by docker-compose.yml").exists();
      assertThat(Path.of(source).normalize()).startsWith(Pack.root());
    }
  }

  @Test
  void alertmanagerRelayUrlAndPrometheusJobMatchTheComposeServices() throws Exception {
    JsonNode services = resolved().path("services");
    assertThat(Pack.read(Pack.alertmanagerConfig()))
        .as("the shipped Alertmanager config posts to the compose exporter service")
        .contains("http://marketplace-exporter:9877/alertmanager/dingtalk/oncall");
    assertThat(services.has("marketplace-exporter")).isTrue();
    JsonNode prometheus = Pack.readYaml(Pack.root().resolve("compose/prometheus.yml"));
    JsonNode job = prometheus.path("scrape_configs").get(0);
    assertThat(job.path("job_name").asText())
        .as("ExporterDown watches this job")
        .isEqualTo("marketplace-exporter");
    assertThat(job.path("honor_labels").asBoolean()).isTrue();
    assertThat(job.path("static_configs").get(0).path("targets").get(0).asText())
        .isEqualTo("marketplace-exporter:9877");
    assertThat(prometheus.path("rule_files").get(0).asText())
        .isEqualTo("/etc/prometheus/rules/*.yml");
    assertThat(services.path("prometheus").path("volumes").toString())
        .contains(Pack.rulesDir() + ":/etc/prometheus/rules");
    String grafanaPath =
        Pack.readYaml(Pack.root().resolve("dashboards/provisioning/dashboards/marketplace.yml"))
            .path("providers")
            .get(0)
            .path("options")
            .path("path")
            .asText();
    assertThat(services.path("grafana").path("volumes").toString())
        .contains(Pack.root().resolve("dashboards") + ":" + grafanaPath);
  }
}
