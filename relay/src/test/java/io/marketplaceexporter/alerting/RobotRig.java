package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import mockwebserver3.MockWebServer;

/**
 * One target {@code <channel>/oncall} whose robot is an {@link OfficialRobot} on loopback (signing
 * where the channel signs), and a relay with the {@link FakeOperations}' hooks; delivery runs only
 * when the test pumps.
 */
final class RobotRig implements AutoCloseable {
  static final String SECRET = "qF3xL9mZ2tR7vK1wP5sN8b";

  final String channel;
  final MockWebServer server = new MockWebServer();
  final OfficialRobot robot;
  final RelayFixture relay;
  private final String yaml;
  private final java.util.Map<String, String> env;

  /** {@code targetOptions}: further YAML lines of the target, indented by six spaces. */
  RobotRig(String channel, FakeOperations ops, Path dir, String targetOptions) {
    this(channel, ops, dir, targetOptions, "");
  }

  /** {@code relayOptions}: YAML lines of {@code relay:} itself, indented by two spaces. */
  RobotRig(
      String channel, FakeOperations ops, Path dir, String targetOptions, String relayOptions) {
    this.channel = channel;
    this.robot = new OfficialRobot(channel, channel.equals("wecom") ? null : SECRET);
    server.setDispatcher(robot);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    yaml =
        "relay:\n"
            + relayOptions
            + "  "
            + channel
            + ":\n    oncall:\n      url: ${URL}\n"
            + (channel.equals("wecom") ? "" : "      secret: ${SECRET}\n")
            + targetOptions;
    env =
        Payloads.env("URL", server.url("/robot/send?access_token=t").toString(), "SECRET", SECRET);
    relay = new RelayFixture(yaml, env, dir, ops.hooks());
    robot.useClock(relay.clock);
  }

  /** Posts {@code payload}, sends, and returns the one message the robot accepted for it. */
  JsonNode deliver(ObjectNode payload) {
    int before = robot.accepted().size();
    relay.post(channel, "oncall", payload);
    relay.pump();
    List<JsonNode> accepted = robot.accepted();
    assertThat(accepted).as("messages the robot accepted").hasSize(before + 1);
    return accepted.get(before);
  }

  /** Posts {@code notice} to the target, sends, and returns the message the robot accepted. */
  JsonNode deliver(RelayNotice notice) {
    int before = robot.accepted().size();
    assertThat(relay.relay.post(channel, "oncall", notice)).as("notice queued").isTrue();
    relay.pump();
    List<JsonNode> accepted = robot.accepted();
    assertThat(accepted).as("messages the robot accepted").hasSize(before + 1);
    return accepted.get(before);
  }

  /** The message a relay without operations (no links, no drills) sends for {@code payload}. */
  JsonNode withoutOperations(ObjectNode payload, Path otherDir) {
    try (RelayFixture plain = new RelayFixture(yaml, env, otherDir)) {
      int before = robot.accepted().size();
      plain.post(channel, "oncall", payload);
      plain.pump();
      assertThat(robot.accepted()).hasSize(before + 1);
      return robot.accepted().get(before);
    }
  }

  @Override
  public void close() {
    relay.close();
    server.close();
  }
}
