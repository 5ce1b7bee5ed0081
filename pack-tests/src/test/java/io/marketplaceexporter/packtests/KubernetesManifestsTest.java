package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/: the committed manifests are what {@code render.sh} produces from {@code
 * config.libsonnet} and the rule pack, every object is valid for the Kubernetes API and the
 * prometheus-operator CRDs ({@link KubernetesSchemas}), and the StatefulSet runs one shard per pod.
 */
class KubernetesManifestsTest {
  private static final String RENDER_HINT =
      "run `bash deploy/kubernetes/render.sh` from the repository root and commit the result";

  @TempDir static Path work;
  private static Path rendered;

  static Path dir() {
    return Pack.root().resolve("deploy/kubernetes");
  }

  static Path manifests() {
    return dir().resolve("manifests");
  }

  @BeforeAll
  static void render() throws IOException {
    rendered = Files.createDirectories(work.resolve("manifests"));
    Tools.Result r =
        Tools.run(Pack.root(), "bash", dir().resolve("render.sh").toString(), rendered.toString());
    assertThat(r.exitCode()).as(r.describe()).isZero();
  }

  /** The committed manifests by file name. */
  static Map<String, JsonNode> objects() {
    Map<String, JsonNode> objects = new LinkedHashMap<>();
    for (Path f : Pack.list(manifests(), "*.json")) {
      objects.put(f.getFileName().toString(), Pack.readYaml(f));
    }
    return objects;
  }

  static JsonNode object(String file) {
    return Pack.readYaml(manifests().resolve(file));
  }

  private static Set<String> names(Path dir) {
    Set<String> names = new TreeSet<>();
    Pack.list(dir, "*").forEach(f -> names.add(f.getFileName().toString()));
    return names;
  }

  @Nested
  class CommittedFiles {
    @Test
    void areExactlyTheFilesTheGeneratorRenders() {
      assertThat(names(manifests())).as(RENDER_HINT).isEqualTo(names(rendered));
    }

    @Test
    void areUpToDateWithConfigAndRulePack() throws IOException {
      for (Path fresh : Pack.list(rendered, "*.json")) {
        Path committed = manifests().resolve(fresh.getFileName().toString());
        assertThat(Files.exists(committed)).as("%s is committed", committed).isTrue();
        assertThat(Files.readString(committed))
            .as("%s is stale: %s", committed, RENDER_HINT)
            .isEqualTo(Files.readString(fresh));
      }
    }
  }

  @Nested
  class Schemas {
    @Test
    void everyObjectIsValidForItsApi() {
      Map<String, JsonNode> objects = objects();
      assertThat(objects.keySet())
          .containsExactlyInAnyOrder(
              "configmap.json",
              "prometheusrule.json",
              "service-headless.json",
              "service.json",
              "servicemonitor.json",
              "statefulset.json");
      objects.forEach((file, o) -> assertThat(KubernetesSchemas.problem(o)).as(file).isEmpty());
    }

    @Test
    void rejectUnknownFieldsAtAnyDepth() {
      assertRejected(
          "statefulset.json",
          o -> container(o).put("imagePullPolicyy", "Always"),
          "imagePullPolicyy");
      assertRejected("statefulset.json", o -> spec(o).put("replica", 2), "replica");
      assertRejected("service.json", o -> spec(o).put("clusterIp", "None"), "clusterIp");
      assertRejected(
          "servicemonitor.json",
          o -> ((ObjectNode) spec(o).path("endpoints").get(0)).put("intervall", "30s"),
          "intervall");
      assertRejected(
          "prometheusrule.json",
          o -> ((ObjectNode) spec(o).path("groups").get(0).path("rules").get(0)).put("fore", "5m"),
          "fore");
      assertRejected(
          "configmap.json", o -> ((ObjectNode) o.path("metadata")).put("lables", "x"), "lables");
    }

    @Test
    void rejectValuesOfTheWrongType() {
      assertRejected("statefulset.json", o -> spec(o).put("replicas", "two"), "two");
      assertRejected(
          "statefulset.json",
          o -> ((ObjectNode) container(o).path("readinessProbe")).put("periodSeconds", true),
          "periodSeconds");
      assertRejected("service.json", o -> spec(o).put("ports", "http"), "ports");
      assertRejected(
          "prometheusrule.json",
          o -> ((ObjectNode) spec(o).path("groups").get(0)).put("rules", "none"),
          "rules");
      assertRejected(
          "servicemonitor.json",
          o -> ((ObjectNode) spec(o).path("endpoints").get(0)).put("honorLabels", "yes"),
          "honorLabels");
    }

    @Test
    void rejectMissingRequiredFieldsAndUnknownKinds() {
      assertRejected("statefulset.json", o -> container(o).remove("name"), "name");
      assertRejected("configmap.json", o -> o.put("kind", "ConfigMapp"), "ConfigMapp");
    }

    private void assertRejected(String file, Consumer<ObjectNode> breakIt, String named) {
      ObjectNode broken = (ObjectNode) object(file).deepCopy();
      breakIt.accept(broken);
      Optional<String> problem = KubernetesSchemas.problem(broken);
      assertThat(problem).as("problem of the broken %s", file).isPresent();
      assertThat(problem.get()).contains(named);
    }
  }

  @Nested
  class RulePack {
    @Test
    void prometheusRuleHasExactlyTheGroupsOfTheRuleFiles() {
      List<JsonNode> groups = new ArrayList<>();
      for (Path file : Pack.ruleFiles()) {
        Pack.readYaml(file).path("groups").forEach(groups::add);
      }
      JsonNode rule = object("prometheusrule.json");
      List<JsonNode> inRule = new ArrayList<>();
      rule.path("spec").path("groups").forEach(inRule::add);
      assertThat(inRule).as("groups of the PrometheusRule").isEqualTo(groups);
    }
  }

  @Nested
  class Shards {
    private final JsonNode statefulSet = object("statefulset.json");

    @Test
    void eachPodIsOneShardOfAsManyAsThereAreReplicas() {
      int replicas = statefulSet.at("/spec/replicas").asInt();
      List<String> args = texts(container(statefulSet).path("args"));
      assertThat(args).contains("--shard.count=" + replicas, "--shard.index=$(SHARD_INDEX)");
      assertThat(env(statefulSet, "SHARD_INDEX").at("/valueFrom/fieldRef/fieldPath").asText())
          .isEqualTo("metadata.labels['apps.kubernetes.io/pod-index']");

      String config = object("configmap.json").at("/data/config.yml").asText();
      JsonNode parsed = parseYaml(config);
      assertThat(parsed.at("/shard/count").asInt())
          .as("shard.count of the config")
          .isEqualTo(replicas);
      List<String> peers = texts(parsed.at("/shard/peers"));
      assertThat(peers).hasSize(replicas);
      String headless = object("service-headless.json").at("/metadata/name").asText();
      String name = statefulSet.at("/metadata/name").asText();
      for (int i = 0; i < replicas; i++) {
        assertThat(peers.get(i)).startsWith("http://" + name + "-" + i + "." + headless + ":");
      }
      assertThat(statefulSet.at("/spec/serviceName").asText()).isEqualTo(headless);
    }

    @Test
    void storagePathIsOnThePodsOwnVolume() {
      String mount = null;
      for (JsonNode m : container(statefulSet).path("volumeMounts")) {
        if (m.path("name").asText().equals("data")) {
          mount = m.path("mountPath").asText();
        }
      }
      assertThat(mount).as("mount of the volume claim template 'data'").isNotNull();
      assertThat(texts(container(statefulSet).path("args"))).contains("--storage.path=" + mount);
      assertThat(statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText())
          .isEqualTo("data");
    }
  }

  @Nested
  class PodSecurityAndHealth {
    private final JsonNode statefulSet = object("statefulset.json");

    @Test
    void runsAsNonRootOnAReadOnlyRootFileSystem() {
      assertThat(statefulSet.at("/spec/template/spec/securityContext/runAsNonRoot").asBoolean())
          .isTrue();
      JsonNode c = container(statefulSet).path("securityContext");
      assertThat(c.path("readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(c.path("allowPrivilegeEscalation").asBoolean()).isFalse();
      assertThat(texts(c.at("/capabilities/drop"))).containsExactly("ALL");
    }

    @Test
    void probesUseTheExportersHealthEndpoints() {
      String routes =
          Pack.read(
              Pack.root()
                  .resolve(
                      "core/src/main/java/io/marketplaceexporter/http/HttpServerFactory.java"));
      for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
        String path = container(statefulSet).path(probe).at("/httpGet/path").asText();
        assertThat(path).as(probe).isIn("/-/ready", "/-/healthy");
        assertThat(routes).as("route of %s", probe).contains("\"" + path + "\"");
      }
    }

    @Test
    void secretsComeOnlyFromSecretReferences() {
      String config = object("configmap.json").at("/data/config.yml").asText();
      for (JsonNode e : container(statefulSet).path("env")) {
        if (e.has("value")) {
          assertThat(e.path("name").asText()).isIn("JAVA_TOOL_OPTIONS");
        }
        String ref = "${" + e.path("name").asText() + "}";
        if (config.contains(ref)) {
          assertThat(e.at("/valueFrom/secretKeyRef/name").asText())
              .as("%s, referenced by the config", e.path("name").asText())
              .isNotEmpty();
        }
      }
    }

    @Test
    void theServiceMonitorScrapesThePodsOnceThroughTheMetricsService() {
      JsonNode selector = object("servicemonitor.json").at("/spec/selector/matchLabels");
      assertThat(matches(selector, object("service.json").at("/metadata/labels"))).isTrue();
      assertThat(matches(selector, object("service-headless.json").at("/metadata/labels")))
          .as("the headless peers Service is not scraped as well")
          .isFalse();
      assertThat(object("service.json").at("/metadata/name").asText())
          .as("the job name ExporterDown watches")
          .isEqualTo("marketplace-exporter");
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  private static ObjectNode spec(ObjectNode o) {
    return (ObjectNode) o.path("spec");
  }

  private static ObjectNode container(JsonNode statefulSet) {
    return (ObjectNode) statefulSet.at("/spec/template/spec/containers/0");
  }

  private static JsonNode env(JsonNode statefulSet, String name) {
    for (JsonNode e : container(statefulSet).path("env")) {
      if (e.path("name").asText().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no env " + name);
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array instanceof ArrayNode a) {
      a.forEach(v -> out.add(v.asText()));
    }
    return out;
  }

  private static boolean matches(JsonNode selector, JsonNode labels) {
    for (var e : selector.properties()) {
      if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
        return false;
      }
    }
    return true;
  }

  private static JsonNode parseYaml(String yaml) {
    try {
      return Pack.YAML.readTree(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
