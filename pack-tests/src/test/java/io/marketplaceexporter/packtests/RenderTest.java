package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed rule files are what rules/pack.jsonnet renders from rules/config.libsonnet. */
class RenderTest {

  static final String RUNBOOK_BASE = "https://wiki.example.com/sre/runbooks/";
  static final String DASHBOARD_BASE = "https://grafana.example.com/d/";

  @TempDir static Path work;

  private static final Map<String, Path> RENDERED = new HashMap<>();

  /** Renders the pack once per set of top-level arguments (jsonnet takes a few seconds). */
  static synchronized Path rendered(String... topLevelArgs) {
    String key = String.join(" ", topLevelArgs);
    Path cached = RENDERED.get(key);
    if (cached != null) {
      return cached;
    }
    try {
      Path out = Files.createDirectories(work.resolve("render-" + RENDERED.size()));
      List<String> args = new ArrayList<>(List.of("-S", "-m", out.toString()));
      for (String tla : topLevelArgs) {
        args.add("--tla-str");
        args.add(tla);
      }
      args.add("rules/pack.jsonnet");
      Tools.Result result = Tools.run(Pack.root(), Tools.JSONNET, args.toArray(String[]::new));
      assertThat(result.exitCode()).as(result.describe()).isZero();
      RENDERED.put(key, out);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path renderedWithOwnBases() {
    return rendered("runbookBase=" + RUNBOOK_BASE, "dashboardBase=" + DASHBOARD_BASE);
  }

  private static Set<String> names(List<Path> files) {
    Set<String> names = new TreeSet<>();
    files.forEach(f -> names.add(f.getFileName().toString()));
    return names;
  }

  private static List<JsonNode> alertRules(Path dir) {
    List<JsonNode> alerts = new ArrayList<>();
    for (Path file : Pack.list(dir, "*.yml")) {
      for (JsonNode group : Pack.readYaml(file).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (rule.has("alert")) {
            alerts.add(rule);
          }
        }
      }
    }
    return alerts;
  }

  @Nested
  class CommittedFiles {

    @Test
    void areExactlyTheFilesTheGeneratorRenders() {
      assertThat(names(Pack.ruleFiles()))
          .as("rules/*.yml versus the output of jsonnet -S -m rules rules/pack.jsonnet")
          .isEqualTo(names(Pack.list(rendered(), "*.yml")));
    }

    @Test
    void areUpToDateWithConfigLibsonnet() throws IOException {
      for (Path fresh : Pack.list(rendered(), "*.yml")) {
        Path committed = Pack.rulesDir().resolve(fresh.getFileName().toString());
        assertThat(Files.exists(committed)).as("%s is committed", committed).isTrue();
        assertThat(Files.readString(committed))
            .as(
                "%s is stale: run `jsonnet -S -m rules rules/pack.jsonnet` from the repository"
                    + " root and commit the result",
                committed)
            .isEqualTo(Files.readString(fresh));
      }
    }
  }

  @Nested
  class LinkBases {

    @Test
    void runbookBaseIsChangedByOneTopLevelArgument() {
      List<JsonNode> alerts = alertRules(renderedWithOwnBases());

      assertThat(alerts).as("alerts rendered").hasSameSizeAs(Pack.alerts());
      for (JsonNode rule : alerts) {
        assertThat(rule.path("annotations").path("runbook_url").asText())
            .isEqualTo(RUNBOOK_BASE + rule.path("alert").asText() + ".md");
      }
    }

    @Test
    void dashboardBaseIsChangedByOneTopLevelArgument() {
      for (JsonNode rule : alertRules(renderedWithOwnBases())) {
        assertThat(rule.path("annotations").path("dashboard_url").asText())
            .as(rule.path("alert").asText())
            .startsWith(DASHBOARD_BASE + "marketplace-");
      }
    }
  }
}
