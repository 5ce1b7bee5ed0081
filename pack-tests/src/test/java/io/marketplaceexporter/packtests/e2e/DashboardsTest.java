package io.marketplaceexporter.packtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.packtests.Pack;
import io.marketplaceexporter.packtests.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboards are what the rest of the pack says they are: rendered from their Jsonnet source,
 * with the uids the alerts link to, provisioned into a folder, with every panel the runbooks name
 * and runbook links that resolve. That every query runs is {@link AlertPipelineTest}'s job.
 */
class DashboardsTest {
  private static final String RUNBOOK_BASE =
      "https://github.com/marketplace-exporter/marketplace-exporter/blob/main/runbooks/";

  @TempDir Path work;

  @Test
  void committedJsonIsWhatTheJsonnetSourceRenders() throws Exception {
    Tools.Result r =
        Tools.run(
            Pack.root(),
            Tools.JSONNET,
            "-m",
            work.toString(),
            Dashboards.dir().resolve("dashboards.jsonnet").toString());
    assertThat(r.exitCode()).as(r.describe()).isZero();
    Set<String> rendered;
    try (var files = Files.list(work)) {
      rendered =
          files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(rendered)
        .containsExactlyInAnyOrderElementsOf(
            Dashboards.files().stream().map(p -> p.getFileName().toString()).toList());
    for (String name : rendered) {
      assertThat(Dashboards.JSON.readTree(work.resolve(name).toFile()))
          .as(
              "dashboards/%s differs from dashboards/dashboards.jsonnet; re-render with"
                  + "  jsonnet -m dashboards dashboards/dashboards.jsonnet",
              name)
          .isEqualTo(Dashboards.read(Dashboards.dir().resolve(name)));
    }
  }

  @Test
  void dashboardsHaveTheStableUidsTheAlertsLinkToAndAVersion() {
    List<JsonNode> all = Dashboards.all();
    assertThat(all.stream().map(d -> d.path("uid").asText()))
        .containsExactlyInAnyOrder("marketplace-overview", "marketplace-shop-detail");
    for (JsonNode d : all) {
      assertThat(d.path("version").asInt()).as("%s version", d.path("uid")).isPositive();
      assertThat(d.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(36);
      assertThat(d.path("templating").path("list").get(0).path("type").asText())
          .as("first variable of %s is the datasource", d.path("uid"))
          .isEqualTo("datasource");
    }
    Set<String> linked = new TreeSet<>();
    Pack.alerts()
        .forEach(
            a -> {
              String url = a.annotations().get("dashboard_url");
              linked.add(url.replaceAll("^http://localhost:3000/d/", "").replaceAll("\\?.*", ""));
            });
    assertThat(linked)
        .as("dashboards the alerts link to")
        .containsExactlyInAnyOrder("marketplace-overview", "marketplace-shop-detail");
  }

  @Test
  void everyPanelQueryUsesTheDatasourceVariable() {
    for (Dashboards.Panel p : Dashboards.panels()) {
      for (Dashboards.Query q : p.queries()) {
        assertThat(q.json().path("datasource").path("uid").asText())
            .as("datasource of %s", q.where())
            .isEqualTo("${datasource}");
        assertThat(q.expr()).as("expr of %s", q.where()).isNotBlank();
      }
    }
  }

  @Test
  void everyPanelTheRunbooksNameExists() {
    Set<String> panels =
        Dashboards.panels().stream()
            .map(Dashboards.Panel::path)
            .collect(Collectors.toCollection(TreeSet::new));
    List<String> missing = new ArrayList<>();
    int refs = 0;
    for (Path runbook : Pack.runbookFiles()) {
      for (String ref : Dashboards.runbookPanelReferences(Pack.read(runbook))) {
        refs++;
        if (!panels.contains(ref)) {
          missing.add(runbook.getFileName() + ": " + ref);
        }
      }
    }
    assertThat(refs).as("runbook panel references found").isGreaterThan(20);
    assertThat(missing).as("panels named by runbooks but not on a dashboard").isEmpty();
  }

  @Test
  void panelLinksPointAtTheRunbooksOfExistingAlerts() {
    Set<String> alerts = Pack.alertNames();
    Set<String> watched = new TreeSet<>();
    for (Dashboards.Panel p : Dashboards.panels()) {
      if (p.type().equals("row")) {
        continue;
      }
      assertThat(p.linkUrls()).as("runbook links of %s", p).isNotEmpty();
      for (String url : p.linkUrls()) {
        assertThat(url).as("link of %s", p).startsWith(RUNBOOK_BASE).endsWith(".md");
        String alert = url.substring(RUNBOOK_BASE.length(), url.length() - ".md".length());
        assertThat(alerts).as("alert behind the link %s of %s", url, p).contains(alert);
        assertThat(Pack.runbooksDir().resolve(alert + ".md")).exists();
        watched.add(alert);
      }
    }
    Set<String> unwatched = new TreeSet<>(alerts);
    unwatched.removeAll(watched);
    assertThat(unwatched).as("alerts no panel links to").isEmpty();
  }

  @Test
  void changesAreAnnotationsOnEveryDashboard() {
    for (JsonNode d : Dashboards.all()) {
      List<String> exprs = new ArrayList<>();
      d.path("annotations")
          .path("list")
          .forEach(
              a -> {
                if (a.path("enable").asBoolean()) {
                  exprs.add(a.path("expr").asText());
                }
              });
      assertThat(exprs)
          .as("enabled annotation queries of %s", d.path("uid"))
          .anySatisfy(e -> assertThat(e).contains("marketplace_change_"));
    }
  }

  @Test
  void provisioningPutsTheDashboardsIntoAFolderAndDefinesThePrometheusDatasource() {
    JsonNode dashboards =
        Pack.readYaml(Dashboards.dir().resolve("provisioning/dashboards/marketplace.yml"));
    JsonNode provider = dashboards.path("providers").get(0);
    assertThat(provider.path("folder").asText()).isEqualTo("Marketplace");
    assertThat(provider.path("type").asText()).isEqualTo("file");
    assertThat(provider.path("options").path("path").asText()).isNotBlank();
    JsonNode datasources =
        Pack.readYaml(Dashboards.dir().resolve("provisioning/datasources/marketplace.yml"));
    assertThat(datasources.path("datasources").get(0).path("type").asText())
        .isEqualTo("prometheus");
  }
}
