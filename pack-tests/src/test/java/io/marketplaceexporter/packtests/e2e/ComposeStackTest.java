package io.marketplaceexporter.packtests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.packtests.Pack;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code docker-compose.yml} brought up for real, as README "Docker Compose" tells a user without
 * Docker Engine or a registry: stand-in images, the project's Dockerfile built unchanged, and the
 * stack of sandbox, incident player, exporter, Prometheus 3.5, Alertmanager and a fake DingTalk
 * robot ({@link ComposeStack}). The incident player's zero price must make PriceZeroOrNegative fire
 * in Prometheus and reach the robot as a message DingTalk would accept: signed with the robot's
 * secret. Grafana has no stand-in image; its dashboards are checked against a real Prometheus by
 * {@link DashboardsTest}.
 */
class ComposeStackTest {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Nested
  class Readme {
    @Test
    void documentsTheCommandsThisTestRuns() {
      List<String> lines = Pack.read(Pack.root().resolve("README.md")).lines().toList();
      assertThat(lines).contains(ComposeStack.STANDIN_IMAGES, ComposeStack.UP, ComposeStack.DOWN);
    }
  }

  @Nested
  class NothingLeavesTheMachine {
    @Test
    void everyHostAlertmanagerPostsToIsAServiceOfTheStackOrLoopback() throws Exception {
      JsonNode merged = Pack.readYaml(Pack.root().resolve("compose/fake-robot.yml"));
      Set<String> services = new HashSet<>();
      Pack.readYaml(Pack.root().resolve("docker-compose.yml"))
          .path("services")
          .fieldNames()
          .forEachRemaining(services::add);
      merged.path("services").fieldNames().forEachRemaining(services::add);
      String extraHosts =
          merged.path("services").path("alertmanager").path("extra_hosts").toString();
      Matcher url =
          Pattern.compile("url: '(https?)://([^/:']+)")
              .matcher(Pack.read(Pack.alertmanagerConfig()));
      int urls = 0;
      while (url.find()) {
        urls++;
        String host = url.group(2);
        if (!services.contains(host)) {
          assertThat(extraHosts)
              .as("compose/fake-robot.yml sends %s to loopback", host)
              .contains("\"" + host + ":127.0.0.1\"");
        }
      }
      assertThat(urls).as("webhook URLs in alertmanager/alertmanager.yml").isPositive();
    }
  }

  @Nested
  class Stack {
    @Test
    void priceZeroFiresInPrometheusAndReachesTheRobotSigned(@TempDir Path dir) throws Exception {
      try (ComposeStack stack = ComposeStack.prepare(dir)) {
        try {
          stack.up();
          int prometheus = stack.port("prometheus", 9090);
          int robot = stack.port("dingtalk-robot", 8080);

          AlertStack.await(
              "PriceZeroOrNegative firing in Prometheus",
              Duration.ofMinutes(5),
              () -> firing(prometheus, "PriceZeroOrNegative"));
          AlertStack.await(
              "a message on PriceZeroOrNegative at the robot",
              Duration.ofMinutes(3),
              () -> message(robot, "PriceZeroOrNegative").isPresent());

          JsonNode message = message(robot, "PriceZeroOrNegative").orElseThrow();
          assertThat(message.path("accepted").asBoolean())
              .as("the robot accepted it: %s", message.path("errmsg"))
              .isTrue();
          String timestamp = message.path("timestamp").asText();
          assertThat(message.path("sign").asText())
              .as("DingTalk signature")
              .isEqualTo(AlertStack.dingTalkSign(ComposeStack.ROBOT_SECRET, timestamp));
          assertThat(message.path("body").path("markdown").path("text").asText())
              .contains("runbooks/PriceZeroOrNegative.md");
        } catch (AssertionError | RuntimeException e) {
          e.addSuppressed(new AssertionError("the services' logs:\n" + stack.logs()));
          throw e;
        }
      }
    }
  }

  /** Prometheus' {@code /api/v1/alerts} lists {@code alertname} as firing. */
  private static boolean firing(int port, String alertname) {
    JsonNode alerts = get(port, "/api/v1/alerts").path("data").path("alerts");
    for (JsonNode alert : alerts) {
      if (alert.path("labels").path("alertname").asText().equals(alertname)
          && alert.path("state").asText().equals("firing")) {
        return true;
      }
    }
    return false;
  }

  /** The last message the robot received that names {@code alertname}. */
  private static Optional<JsonNode> message(int port, String alertname) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode m : get(port, "/messages")) {
      if (m.path("body").path("markdown").toString().contains(alertname)) {
        found.add(m);
      }
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
  }

  /** GET of a JSON document on a loopback port; an empty object while nothing answers. */
  private static JsonNode get(int port, String path) {
    try {
      HttpResponse<String> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200
          ? Dashboards.JSON.readTree(r.body())
          : Dashboards.JSON.createObjectNode();
    } catch (IOException notYet) {
      return Dashboards.JSON.createObjectNode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
