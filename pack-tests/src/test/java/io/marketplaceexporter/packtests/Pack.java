package io.marketplaceexporter.packtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.marketplaceexporter.support.ProjectFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The files of the pack (rules, rule tests, runbooks, Alertmanager config) and their content. */
public final class Pack {

  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** Default runbook base of the pack (rules/config.libsonnet). */
  static final String DEFAULT_RUNBOOK_BASE =
      "https://github.com/marketplace-exporter/marketplace-exporter/blob/main/runbooks/";

  private Pack() {}

  /** One alerting rule of the pack. */
  public record Alert(
      String name,
      Path file,
      String expr,
      Map<String, String> labels,
      Map<String, String> annotations) {
    @Override
    public String toString() {
      return name + " (" + file.getFileName() + ")";
    }
  }

  /** The dead man's switch alert: always fires, has no labels or value to show. */
  static final String WATCHDOG = "Watchdog";

  /** The repository root, as the exporter's tests find it ({@link ProjectFiles#root()}). */
  public static Path root() {
    return ProjectFiles.root();
  }

  public static Path rulesDir() {
    return root().resolve("rules");
  }

  public static Path runbooksDir() {
    return root().resolve("runbooks");
  }

  public static Path alertmanagerConfig() {
    return root().resolve("alertmanager/alertmanager.yml");
  }

  /** Rendered rule files: {@code rules/*.yml}. */
  static List<Path> ruleFiles() {
    return list(rulesDir(), "*.yml");
  }

  /** promtool unit test files: {@code rules/tests/*.yml}. */
  static List<Path> ruleTestFiles() {
    return list(rulesDir().resolve("tests"), "*.yml");
  }

  /** Runbooks: {@code runbooks/*.md} except the README index. */
  public static List<Path> runbookFiles() {
    return list(runbooksDir(), "*.md").stream()
        .filter(p -> !p.getFileName().toString().equals("README.md"))
        .toList();
  }

  public static List<Path> list(Path dir, String glob) {
    List<Path> files = new ArrayList<>();
    try (var stream = Files.newDirectoryStream(dir, glob)) {
      stream.forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(null);
    return files;
  }

  public static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every rule of every rule file. */
  public static List<JsonNode> rules() {
    List<JsonNode> rules = new ArrayList<>();
    for (Path file : ruleFiles()) {
      for (JsonNode group : readYaml(file).path("groups")) {
        group.path("rules").forEach(rules::add);
      }
    }
    return rules;
  }

  /** Every alerting rule (an alert defined by two rules appears twice). */
  public static List<Alert> alerts() {
    List<Alert> alerts = new ArrayList<>();
    for (Path file : ruleFiles()) {
      for (JsonNode group : readYaml(file).path("groups")) {
        for (JsonNode rule : group.path("rules")) {
          if (rule.has("alert")) {
            alerts.add(
                new Alert(
                    rule.path("alert").asText(),
                    file,
                    rule.path("expr").asText(),
                    strings(rule.path("labels")),
                    strings(rule.path("annotations"))));
          }
        }
      }
    }
    return alerts;
  }

  public static Set<String> alertNames() {
    return alerts().stream().map(Alert::name).collect(Collectors.toCollection(TreeSet::new));
  }

  public static Set<String> recordingRuleNames() {
    return rules().stream()
        .filter(r -> r.has("record"))
        .map(r -> r.path("record").asText())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Alert names as arguments for parameterized tests. */
  static Stream<String> alertNameStream() {
    return alertNames().stream();
  }

  static Map<String, String> strings(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }
}
