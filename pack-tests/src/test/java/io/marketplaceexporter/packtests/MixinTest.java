package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * mixin.libsonnet, imported as jsonnet users import kubernetes-mixin, renders exactly the committed
 * rules/*.yml and dashboards/*.json, and its {@code _config} changes what it renders.
 */
class MixinTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Renders the mixin (with {@code override} added to it) as {alerts, rules, dashboards}. */
  static JsonNode render(String override) {
    String snippet =
        """
        local mixin = (import 'mixin.libsonnet') + %s;
        {
          alerts: mixin.prometheusAlerts,
          rules: mixin.prometheusRules,
          dashboards: mixin.grafanaDashboards,
          config: mixin._config,
        }
        """
            .formatted(override);
    Tools.Result result = Tools.run(Pack.root(), Tools.JSONNET, "-e", snippet);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    try {
      return JSON.readTree(result.output());
    } catch (IOException e) {
      throw new UncheckedIOException(result.describe(), e);
    }
  }

  private static final JsonNode DEFAULTS = render("{}");

  private static String exprOf(JsonNode rendered, String alert) {
    for (JsonNode group : rendered.path("alerts").path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        if (rule.path("alert").asText().equals(alert)) {
          return rule.path("expr").asText();
        }
      }
    }
    throw new AssertionError("no alert " + alert + " in the mixin");
  }

  @Nested
  class WithTheDefaultConfig {

    @Test
    void alertsAndRulesAreTheGroupsOfTheCommittedRuleFiles() {
      ArrayNode committed = JSON.createArrayNode();
      for (Path file : Pack.ruleFiles()) {
        committed.addAll((ArrayNode) Pack.readYaml(file).path("groups"));
      }
      ArrayNode rendered = JSON.createArrayNode();
      rendered.addAll((ArrayNode) DEFAULTS.path("rules").path("groups"));
      rendered.addAll((ArrayNode) DEFAULTS.path("alerts").path("groups"));

      assertThat(committed).as("rules/*.yml groups").isNotEmpty();
      assertThat(rendered).isEqualTo(committed);
    }

    @Test
    void recordingRulesStayInTheGroupsOfTheAlertsThatReadThem() {
      List<String> recordsInAlertGroups = new ArrayList<>();
      DEFAULTS
          .path("alerts")
          .path("groups")
          .forEach(
              g ->
                  g.path("rules")
                      .forEach(r -> recordsInAlertGroups.add(r.path("record").asText())));

      assertThat(DEFAULTS.path("rules").path("groups")).isEmpty();
      assertThat(recordsInAlertGroups).contains("shop:marketplace_orders:rate5m");
    }

    @Test
    void grafanaDashboardsAreTheCommittedDashboards() {
      Set<String> committed = new TreeSet<>();
      for (Path file : Pack.list(Pack.root().resolve("dashboards"), "*.json")) {
        String name = file.getFileName().toString();
        committed.add(name);
        assertThat(DEFAULTS.path("dashboards").path(name))
            .as("grafanaDashboards['%s']", name)
            .isEqualTo(readJson(file));
      }
      Set<String> rendered = new TreeSet<>();
      DEFAULTS.path("dashboards").fieldNames().forEachRemaining(rendered::add);
      assertThat(rendered).isEqualTo(committed);
    }

    private JsonNode readJson(Path file) {
      try {
        return JSON.readTree(file.toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Nested
  class ConfigOverride {

    @Test
    void exporterJobSelectorChangesTheExporterDownExpression() {
      JsonNode custom = render("{ _config+:: { exporterJob: 'shop-exporter' } }");

      assertThat(exprOf(DEFAULTS, "ExporterDown")).contains("up{job=\"marketplace-exporter\"}");
      assertThat(exprOf(custom, "ExporterDown"))
          .contains("up{job=\"shop-exporter\"}")
          .doesNotContain("marketplace-exporter");
      assertThat(custom.path("config").path("exporterJob").asText()).isEqualTo("shop-exporter");
    }

    @Test
    void aThresholdChangesTheRenderedExpressionAndDashboardLinksFollowTheBase() {
      JsonNode custom =
          render(
              "{ _config+:: { api+: { errorRatioMax: 0.2 }, dashboardBase: 'https://g.example/d/' } }");

      assertThat(exprOf(DEFAULTS, "ApiErrorRatioHigh")).contains("> 0.05");
      assertThat(exprOf(custom, "ApiErrorRatioHigh")).contains("> 0.2").doesNotContain("> 0.05");
      assertThat(custom.path("alerts").toString())
          .contains("https://g.example/d/marketplace-overview")
          .doesNotContain("http://localhost:3000/d/");
    }
  }
}
