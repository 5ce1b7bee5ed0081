package io.marketplaceexporter.packtests.e2e;

import static org.assertj.core.api.Assertions.fail;

import io.marketplaceexporter.packtests.Pack;
import io.marketplaceexporter.packtests.Tools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The compose stack as README "Docker Compose" brings it up on a machine without Docker Engine or a
 * registry: stand-in images ({@code compose/standin-images.sh}), podman serving the Docker API on a
 * socket of its own, and Debian's {@code docker-compose} with {@code docker-compose.yml} and {@code
 * compose/fake-robot.yml}, in a project (network, volumes) of its own whose ports are published on
 * free loopback ports. {@link #close()} takes the project down with its volumes and stops podman's
 * API service.
 */
final class ComposeStack implements AutoCloseable {
  /** The README's commands, run as they are written ({@code docker compose} by docker-compose). */
  static final String STANDIN_IMAGES = "bash compose/standin-images.sh";

  static final String UP =
      "docker compose -f docker-compose.yml -f compose/fake-robot.yml up --build -d";
  static final String DOWN =
      "docker compose -f docker-compose.yml -f compose/fake-robot.yml down -v";

  /** The fake robot's signing secret and access token (compose/fake-robot.yml). */
  static final String ROBOT_SECRET = "SECfake-robot-of-the-compose-stack";

  static final String ROBOT_ACCESS_TOKEN = "fake-robot";

  /** Published ports left empty: Compose publishes them on free loopback ports. */
  private static final List<String> PORT_VARIABLES =
      List.of(
          "SANDBOX_PORT",
          "EXPORTER_PORT",
          "PROMETHEUS_PORT",
          "ALERTMANAGER_PORT",
          "GRAFANA_PORT",
          "ROBOT_PORT");

  private final Path dir;
  private final Process apiService;
  private final Map<String, String> env = new HashMap<>();
  private boolean up;

  private ComposeStack(Path dir, Process apiService, Path socket) {
    this.dir = dir;
    this.apiService = apiService;
    env.put("DOCKER_HOST", "unix://" + socket);
    env.put(
        "COMPOSE_PROJECT_NAME", "mpe-compose-test-" + UUID.randomUUID().toString().substring(0, 8));
    env.put("COMPOSE_DOCKER_CLI_BUILD", "0");
    PORT_VARIABLES.forEach(v -> env.put(v, ""));
  }

  /** Builds the stand-in images and starts podman's Docker API service; the stack is not up yet. */
  static ComposeStack prepare(Path dir) throws IOException {
    Tools.require("podman");
    Tools.require("docker-compose");
    // Generous deadlines: on CI's shared machine a cold build of the images takes minutes.
    run(dir, "standin-images", Duration.ofMinutes(20), Map.of(), shell(STANDIN_IMAGES));
    Path socket = dir.resolve("podman.sock");
    Process service =
        new ProcessBuilder("podman", "system", "service", "--time=0", "unix://" + socket)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("podman-service.log").toFile())
            .start();
    ComposeStack stack = new ComposeStack(dir, service, socket);
    try {
      AlertStack.await("podman's Docker API on " + socket, Duration.ofSeconds(30), stack::pings);
    } catch (AssertionError e) {
      stack.close();
      throw e;
    }
    return stack;
  }

  /** {@link #UP}: builds the exporter image from the Dockerfile and starts every service. */
  void up() {
    up = true;
    run(dir, "up", Duration.ofMinutes(15), env, compose(UP));
  }

  /** The loopback port on which {@code service}'s {@code containerPort} is published. */
  int port(String service, int containerPort) {
    String out =
        run(
                dir,
                "port",
                Duration.ofSeconds(60),
                env,
                compose(UP.replace(" up --build -d", " port " + service + " " + containerPort)))
            .trim();
    if (!out.startsWith("127.0.0.1:")) {
      fail("%s:%d is not published on loopback: %s", service, containerPort, out);
    }
    return Integer.parseInt(out.substring(out.lastIndexOf(':') + 1));
  }

  /** The last lines of every service's log, for a failure message. */
  String logs() {
    try {
      return run(
          dir,
          "logs",
          Duration.ofSeconds(60),
          env,
          compose(UP.replace(" up --build -d", " logs --no-color --tail=40")));
    } catch (AssertionError e) {
      return e.getMessage();
    }
  }

  @Override
  public void close() {
    try {
      if (up) {
        run(dir, "down", Duration.ofMinutes(3), env, compose(DOWN + " --remove-orphans -t 5"));
      }
    } finally {
      apiService.destroy();
      try {
        if (!apiService.waitFor(20, TimeUnit.SECONDS)) {
          apiService.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        apiService.destroyForcibly();
      }
    }
  }

  /** {@code GET /_ping} on the API socket answers 200. */
  private boolean pings() {
    if (!apiService.isAlive()) {
      fail("podman system service exited:%n%s", read(dir.resolve("podman-service.log")));
    }
    String socket = env.get("DOCKER_HOST").substring("unix://".length());
    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.connect(UnixDomainSocketAddress.of(socket));
      ch.write(
          ByteBuffer.wrap(
              "GET /_ping HTTP/1.0\r\nHost: d\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
      ByteBuffer answer = ByteBuffer.allocate(64);
      ch.read(answer);
      return new String(answer.array(), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")
          || new String(answer.array(), StandardCharsets.US_ASCII).startsWith("HTTP/1.0 200");
    } catch (IOException notYet) {
      return false;
    }
  }

  private static List<String> shell(String command) {
    return Arrays.asList(command.split(" "));
  }

  /** A README {@code docker compose ...} line as Debian's docker-compose (1.29) runs it. */
  private static List<String> compose(String command) {
    List<String> words = new ArrayList<>(shell(command));
    if (!words.get(0).equals("docker") || !words.get(1).equals("compose")) {
      throw new IllegalArgumentException("not a docker compose command: " + command);
    }
    words.subList(0, 2).clear();
    words.add(0, "docker-compose");
    return words;
  }

  /**
   * Runs {@code command} in the project root with {@code extraEnv}; fails the test with its output
   * unless it exits with 0 within {@code timeout}. Returns its output.
   */
  private static String run(
      Path dir, String name, Duration timeout, Map<String, String> extraEnv, List<String> command) {
    Path out = dir.resolve(name + ".log");
    long started = System.nanoTime();
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(Pack.root().toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      pb.environment().putAll(extraEnv);
      Process p = pb.start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        fail("%s did not finish within %s:%n%s", command, timeout, read(out));
      }
      if (p.exitValue() != 0) {
        fail("%s exited with %d:%n%s", command, p.exitValue(), read(out));
      }
      // The CI log shows where the time goes (README "Docker Compose" quotes it).
      System.out.printf(
          "compose stack: %s took %d s%n",
          name, Duration.ofNanos(System.nanoTime() - started).toSeconds());
      return read(out);
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }
}
