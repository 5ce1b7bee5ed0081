package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.support.PrometheusStack;
import io.marketplaceexporter.support.PrometheusStack.Tool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Prometheus configurations that docs/scaling.md offers for a global view (Mimir, Thanos) are
 * valid, load the whole rule pack and scrape the shards under the job name that ExporterDown
 * watches. Checked with the promtool of the oldest and of the current supported Prometheus.
 */
@ParameterizedClass(name = "promtool of {0}")
@EnumSource(PrometheusStack.class)
class ScalingExamplesTest {

  @Parameter PrometheusStack stack;

  static List<Path> prometheusConfigs() throws IOException {
    try (Stream<Path> files = Files.list(Pack.root().resolve("deploy/prometheus"))) {
      return files
          .filter(f -> f.getFileName().toString().matches("prometheus-.*\\.yml"))
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prometheusConfigs")
  void passesPromtoolCheckConfigWithEveryRuleFileOfThePack(Path config) {
    Tools.Result result =
        Tools.run(config.getParent(), stack, Tool.PROMTOOL, "check", "config", config.toString());

    assertThat(result.exitCode()).as(result.describe()).isZero();
    for (Path rules : Pack.ruleFiles()) {
      assertThat(result.output())
          .as("rule file %s loaded", rules.getFileName())
          .contains("rules/" + rules.getFileName());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("prometheusConfigs")
  void scrapesTheShardsAsTheJobExporterDownWatchesWithExternalLabelsForDeduplication(Path config)
      throws IOException {
    JsonNode prometheus = Pack.YAML.readTree(config.toFile());

    List<String> jobs = new ArrayList<>();
    prometheus.path("scrape_configs").forEach(job -> jobs.add(job.path("job_name").asText()));
    assertThat(jobs).containsExactly("marketplace-exporter");
    assertThat(Pack.alerts())
        .filteredOn(alert -> alert.name().equals("ExporterDown"))
        .singleElement()
        .satisfies(alert -> assertThat(alert.expr()).contains("job=\"marketplace-exporter\""));
    assertThat(prometheus.path("scrape_configs").get(0).path("honor_labels").asBoolean()).isTrue();
    assertThat(prometheus.path("global").path("external_labels").path("cluster").isTextual())
        .as("external_labels.cluster")
        .isTrue();
    assertThat(prometheus.path("alerting").path("alertmanagers").get(0).toString())
        .as("both Alertmanagers of the cluster")
        .contains("alertmanager-0", "alertmanager-1");
  }
}
