package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.MetricsText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The relay queue survives a restart; a corrupt queue file never stops the exporter. */
class PersistenceTest {
  private static final String YAML =
      "relay:\n  dingtalk:\n    oncall:\n      url: ${URL}\n      secret: ${SECRET}\n";

  @TempDir Path dir;
  MockWebServer robot;

  @BeforeEach
  void start() throws Exception {
    robot = new MockWebServer();
    robot.start();
  }

  @AfterEach
  void stop() {
    robot.close();
  }

  private RelayFixture relay(String yaml) {
    return new RelayFixture(
        yaml,
        Payloads.env(
            "URL", robot.url("/robot/send?access_token=tok").toString(), "SECRET", "SEC-persist"),
        dir);
  }

  private Path queueFile() {
    return dir.resolve(QueueStore.FILE_NAME);
  }

  @Nested
  class Restart {
    @Test
    void pendingNotificationsAreDeliveredAfterARestart() throws Exception {
      try (RelayFixture f = relay(YAML)) {
        f.post("dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
        f.post("dingtalk", "oncall", Payloads.firing("TokenExpiringSoon", "warning", "shop-2"));
        assertThat(Files.readString(queueFile()))
            .contains("OrderFailureRateHigh", "TokenExpiringSoon");

        f.restart();
        assertThat(f.relay.depth()).isEqualTo(2);
        robot.enqueue(RelayFixture.dingtalkOk());
        robot.enqueue(RelayFixture.dingtalkOk());
        f.pump();
        List<RecordedRequest> requests = RelayFixture.drain(robot);
        assertThat(requests).hasSize(2);
        assertThat(RelayFixture.json(requests.get(0)).at("/markdown/title").asText())
            .isEqualTo("🔥 [FIRING:1] OrderFailureRateHigh · critical");
        assertThat(RelayFixture.json(requests.get(1)).at("/markdown/title").asText())
            .isEqualTo("🔥 [FIRING:1] TokenExpiringSoon · warning");
        assertThat(f.relay.depth()).isZero();
        assertThat(Files.readString(queueFile())).doesNotContain("OrderFailureRateHigh");
      }
    }

    @Test
    void attemptsAndBackoffSurviveTheRestart() throws Exception {
      try (RelayFixture f = relay(YAML)) {
        robot.enqueue(new MockResponse.Builder().code(503).build());
        f.post("dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
        f.pump();
        assertThat(RelayFixture.drain(robot)).hasSize(1);

        f.restart();
        f.pump();
        assertThat(RelayFixture.drain(robot)).as("still backing off after the restart").isEmpty();
        robot.enqueue(new MockResponse.Builder().code(503).build());
        f.clock.advance(Duration.ofSeconds(5));
        f.pump();
        assertThat(RelayFixture.drain(robot)).hasSize(1);
        f.restart();
        robot.enqueue(RelayFixture.dingtalkOk());
        f.clock.advance(Duration.ofSeconds(9));
        f.pump();
        assertThat(RelayFixture.drain(robot)).as("second backoff is 10s").isEmpty();
        f.clock.advance(Duration.ofSeconds(1));
        f.pump();
        assertThat(RelayFixture.drain(robot)).hasSize(1);
        assertThat(f.relay.depth()).isZero();
      }
    }

    @Test
    void writesLeaveNoTemporaryFileBehind() throws Exception {
      try (RelayFixture f = relay(YAML)) {
        f.post("dingtalk", "oncall", Payloads.firing("A", "warning", "s"));
        try (Stream<Path> files = Files.list(dir)) {
          assertThat(files.map(p -> p.getFileName().toString()))
              .containsExactly(QueueStore.FILE_NAME);
        }
      }
    }

    @Test
    void aStoredNotificationForATargetNoLongerConfiguredIsDroppedWithALogLine() throws Exception {
      try (RelayFixture f = relay(YAML)) {
        f.post("dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
      }
      try (LogCapture log = new LogCapture();
          RelayFixture f = relay(YAML.replace("oncall", "ops"))) {
        assertThat(f.relay.depth()).isZero();
        assertThat(log.text())
            .contains(
                "relay queue: dropped stored notification 1 (🔥 [FIRING:1] OrderFailureRateHigh")
            .contains("for dingtalk/oncall: the target is no longer configured");
      }
    }
  }

  @Nested
  class Corruption {
    @Test
    void aCorruptQueueFileIsReportedMovedAsideAndTheRelayStartsEmpty() throws Exception {
      Files.writeString(
          queueFile(), "{\"version\":1,\"pending\":[{\"channel\":", StandardCharsets.UTF_8);
      try (LogCapture log = new LogCapture();
          RelayFixture f = relay(YAML)) {
        assertThat(f.relay.depth()).isZero();
        Path aside =
            dir.resolve(QueueStore.FILE_NAME + ".corrupt-" + RelayFixture.START.toEpochMilli());
        assertThat(aside).hasContent("{\"version\":1,\"pending\":[{\"channel\":");
        assertThat(log.text())
            .contains("relay queue " + queueFile() + " is unreadable")
            .contains("moved it to " + aside);

        robot.enqueue(RelayFixture.dingtalkOk());
        f.post("dingtalk", "oncall", Payloads.firing("A", "warning", "s"));
        f.pump();
        assertThat(RelayFixture.drain(robot)).hasSize(1);
      }
    }

    @Test
    void aQueueFileOfAnotherVersionIsTreatedAsCorrupt() throws Exception {
      Files.writeString(queueFile(), "{\"version\":99,\"pending\":[]}");
      try (RelayFixture f = relay(YAML)) {
        assertThat(f.relay.depth()).isZero();
        assertThat(
                dir.resolve(QueueStore.FILE_NAME + ".corrupt-" + RelayFixture.START.toEpochMilli()))
            .exists();
      }
    }
  }

  @Nested
  class FormatVersions {
    @Test
    void aVersion1QueueFileFromBeforeTheEnvelopeIsReadAndRewrittenAsVersion2() throws Exception {
      try (RelayFixture f = relay(YAML)) {
        f.post("dingtalk", "oncall", Payloads.firing("OrderFailureRateHigh", "critical", "shop-1"));
      }
      // What the relay wrote before files had an envelope: {"version":1,"pending":[...]}.
      String v2 = Files.readString(queueFile());
      String prefix =
          "{\"kind\":\"" + QueueStore.KIND + "\",\"format_version\":" + QueueStore.VERSION + ",";
      assertThat(v2).startsWith(prefix);
      Files.writeString(queueFile(), "{\"version\":1," + v2.substring(prefix.length()));

      try (RelayFixture f = relay(YAML)) {
        assertThat(f.relay.depth()).isEqualTo(1);
        assertThat(Files.readString(queueFile())).startsWith(prefix);
        robot.enqueue(RelayFixture.dingtalkOk());
        f.pump();
        assertThat(
                RelayFixture.json(RelayFixture.drain(robot).get(0)).at("/markdown/title").asText())
            .contains("OrderFailureRateHigh");
      }
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()))
            .containsExactly(QueueStore.FILE_NAME);
      }
    }

    @Test
    void aStateFileInThePlaceOfTheQueueIsMovedAsideAndCounted() throws Exception {
      Files.writeString(
          queueFile(), "{\"kind\":\"marketplace-exporter/state\",\"format_version\":1}");
      try (RelayFixture f = relay(YAML)) {
        assertThat(f.relay.depth()).isZero();
        assertThat(
                dir.resolve(QueueStore.FILE_NAME + ".corrupt-" + RelayFixture.START.toEpochMilli()))
            .exists();
        assertThat(
                new MetricsText(f.metricsText())
                    .value(
                        "marketplace_exporter_storage_files_moved_aside_total",
                        "file",
                        "relay_queue"))
            .isEqualTo(1.0);
      }
    }
  }
}
