package io.marketplaceexporter.packtests.e2e;

import static io.marketplaceexporter.packtests.e2e.AlertStack.assertSigned;
import static io.marketplaceexporter.packtests.e2e.AlertStack.await;
import static io.marketplaceexporter.packtests.e2e.AlertStack.awaitRequest;
import static io.marketplaceexporter.packtests.e2e.AlertStack.drainUntil;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alertmanager in high availability, on loopback: two Alertmanagers from Debian's package with the
 * shipped configuration, clustered by gossip ({@code --cluster.listen-address} and {@code
 * --cluster.peer} of each other), and one Prometheus that sends every alert to both, as Prometheus
 * must in HA (never through a load balancer). A critical alert fires; both Alertmanagers receive
 * it, and the DingTalk robot behind the exporter's relay gets it exactly once: the Alertmanager
 * second in the cluster's order waits {@code peer_timeout} before it notifies, finds its peer's
 * entry for the group in the gossiped notification log, and stays silent.
 *
 * <p>The "exactly once" is an absence check with a bound, not a sleep: once both Alertmanagers hold
 * the alert, each flushes its group at most {@code group_wait} after receiving it, plus {@code
 * position × peer_timeout}. With two peers the latest possible duplicate leaves its Alertmanager
 * {@link #GROUP_WAIT} + {@link #PEER_TIMEOUT} after the alert reached it; the window waits that
 * plus the relay's delivery ({@link #RELAY_MARGIN}, a signed POST to a loopback robot) past the
 * later of "both hold the alert" and "the first message arrived". A duplicate sent later than that
 * would be a repeat ({@code repeat_interval: 1h}), not an HA race.
 */
class HaAlertmanagerTest {
  private static final String ALERT = "HaPipelineProbe";

  /**
   * The test's {@code --cluster.peer-timeout} (default 15s; shortened so the test is quick, long
   * enough for gossip between two processes on a loaded CI machine).
   */
  private static final Duration PEER_TIMEOUT = Duration.ofSeconds(4);

  /** What LoopbackAlertmanagerConfig makes of every {@code group_wait} of the shipped config. */
  private static final Duration GROUP_WAIT = Duration.ofSeconds(1);

  /** Webhook to the relay, relay to the robot, both on loopback with an idle rate budget. */
  private static final Duration RELAY_MARGIN = Duration.ofSeconds(3);

  @TempDir Path dir;

  @Test
  void twoClusteredAlertmanagersBothReceiveTheAlertAndDingTalkGetsOneMessage() throws Exception {
    try (MockWebServer robot = AlertStack.startRobot();
        MockWebServer slack = new MockWebServer()) {
      slack.setDispatcher(AlertStack.slackWebhook());
      slack.start();
      int gossip1 = LocalServer.freePort();
      int gossip2 = LocalServer.freePort();
      try (Exporter exporter = AlertStack.startExporter(dir, robot, Launcher.plain());
          LocalServer am1 = startClustered("am1", exporter, slack, gossip1, gossip2);
          LocalServer am2 = startClustered("am2", exporter, slack, gossip2, gossip1);
          LocalServer prometheus =
              AlertStack.startPrometheus(
                  dir, probeRule(), exporter.port(), List.of(am1.port(), am2.port()))) {
        for (LocalServer am : List.of(am1, am2)) {
          await(
              "a two-member cluster seen by " + am.url(),
              Duration.ofSeconds(20),
              () -> {
                JsonNode status = json(am, "/api/v2/status");
                return status.path("cluster").path("status").asText().equals("ready")
                    && status.path("cluster").path("peers").size() == 2;
              });
        }

        await(
            "Prometheus sending to both Alertmanagers",
            Duration.ofSeconds(20),
            () -> prometheus.api("/api/v1/alertmanagers").path("activeAlertmanagers").size() == 2);
        await(
            ALERT + " in both Alertmanagers (API v2)",
            Duration.ofSeconds(20),
            () -> holdsAlert(am1) && holdsAlert(am2));
        long bothHold = System.nanoTime();

        List<RecordedRequest> dingtalk = new ArrayList<>();
        RecordedRequest first =
            awaitRequest(robot, dingtalk, r -> r.getBody().utf8().contains(ALERT));
        assertSigned(first);
        assertThat(first.getBody().utf8()).contains("[FIRING:1] " + ALERT);

        long latestDuplicate =
            Math.max(bothHold, System.nanoTime())
                + GROUP_WAIT.plus(PEER_TIMEOUT).plus(RELAY_MARGIN).toNanos();
        dingtalk.addAll(drainUntil(robot, latestDuplicate));
        assertThat(dingtalk)
            .as("DingTalk messages about %s (bodies: %s)", ALERT, bodies(dingtalk))
            .filteredOn(r -> r.getBody().utf8().contains(ALERT))
            .hasSize(1);
        List<RecordedRequest> slackMessages = drainUntil(slack, System.nanoTime());
        assertThat(slackMessages)
            .as("Slack messages about %s (the critical route continues to Slack)", ALERT)
            .filteredOn(r -> r.getBody().utf8().contains(ALERT))
            .hasSize(1);
      }
    }
  }

  /**
   * Alertmanager {@code name} gossiping on {@code 127.0.0.1:own} with {@code 127.0.0.1:peer} as its
   * initial peer.
   */
  private LocalServer startClustered(
      String name, Exporter exporter, MockWebServer sink, int own, int peer) throws IOException {
    return AlertStack.startAlertmanager(
        dir.resolve(name),
        exporter.port(),
        sink.url("/").toString(),
        List.of(
            "--cluster.listen-address=127.0.0.1:" + own,
            "--cluster.advertise-address=127.0.0.1:" + own,
            "--cluster.peer=127.0.0.1:" + peer,
            "--cluster.peer-timeout=" + PEER_TIMEOUT.toSeconds() + "s",
            "--cluster.settle-timeout=10s"));
  }

  /** A critical alert that fires at once: routed to DingTalk (via the relay) and Slack. */
  private Path probeRule() throws IOException {
    Path rules = Files.createDirectories(dir.resolve("rules"));
    Files.writeString(
        rules.resolve("probe.yml"),
        """
        groups:
          - name: ha-probe
            rules:
              - alert: %s
                expr: vector(1)
                labels:
                  severity: critical
                annotations:
                  summary: Sent to both Alertmanagers, notified once.
        """
            .formatted(ALERT));
    return rules;
  }

  private static boolean holdsAlert(LocalServer alertmanager) {
    for (JsonNode a : json(alertmanager, "/api/v2/alerts")) {
      if (a.path("labels").path("alertname").asText().equals(ALERT)) {
        return true;
      }
    }
    return false;
  }

  private static JsonNode json(LocalServer server, String path) {
    try {
      return Dashboards.JSON.readTree(server.get(path).body());
    } catch (IOException e) {
      throw new UncheckedIOException(server.url() + path, e);
    }
  }

  private static List<String> bodies(List<RecordedRequest> requests) {
    return requests.stream().map(r -> r.getBody().utf8()).toList();
  }
}
