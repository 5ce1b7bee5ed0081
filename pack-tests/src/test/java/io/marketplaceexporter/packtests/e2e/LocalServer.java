package io.marketplaceexporter.packtests.e2e;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.support.PrometheusStack;
import io.marketplaceexporter.support.PrometheusStack.Tool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Prometheus or Alertmanager of the current supported stack ({@link PrometheusStack#CURRENT}:
 * Prometheus 3.5 LTS, Alertmanager 0.33, what users run), started on a free loopback port with its
 * output in a log file, and stopped by {@link #close()}.
 */
final class LocalServer implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final Process process;
  private final Path log;
  private final int port;

  private LocalServer(String name, Process process, Path log, int port) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /**
   * Starts {@code tool} of the current stack (the test fails naming {@code bash .ci/install} when
   * it is missing) with {@code args}, in which {@code {port}} stands for a free loopback port, and
   * waits up to 30 s for {@code /-/ready}.
   */
  static LocalServer start(Tool tool, Path dir, List<String> args) throws IOException {
    return start(PrometheusStack.CURRENT, tool, dir, args);
  }

  /** As {@link #start(Tool, Path, List)}, with {@code tool} of {@code stack}. */
  static LocalServer start(PrometheusStack stack, Tool tool, Path dir, List<String> args)
      throws IOException {
    Path exe = stack.require(tool);
    String binary = exe.getFileName().toString();
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(exe.toString());
    args.forEach(a -> command.add(a.replace("{port}", Integer.toString(port))));
    Path log = dir.resolve(binary + ".log");
    Process p =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalServer server = new LocalServer(binary, p, log, port);
    try {
      server.awaitReady(Duration.ofSeconds(30));
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return server;
  }

  /**
   * The current Prometheus with {@code config} (a prometheus.yml) written into {@code dir}, its
   * TSDB under {@code dir/tsdb}.
   */
  static LocalServer prometheus(Path dir, String config, String... flags) throws IOException {
    return prometheus(PrometheusStack.CURRENT, dir, config, flags);
  }

  /** As {@link #prometheus(Path, String, String...)}, with the Prometheus of {@code stack}. */
  static LocalServer prometheus(PrometheusStack stack, Path dir, String config, String... flags)
      throws IOException {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, config);
    List<String> args = new ArrayList<>();
    args.add("--config.file=" + file);
    args.add("--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")));
    args.add("--web.listen-address=127.0.0.1:{port}");
    args.add("--log.level=warn");
    args.addAll(List.of(flags));
    return start(stack, Tool.PROMETHEUS, dir, args);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private void awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("%s exited with code %d:%n%s", name, process.exitValue(), log());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      pause(Duration.ofMillis(100));
    }
    fail("%s not ready within %s:%n%s", name, timeout, log());
  }

  HttpResponse<String> get(String pathAndQuery) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url() + pathAndQuery))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** GET of a JSON API; fails the test unless the answer is 200 with {@code status: success}. */
  JsonNode api(String pathAndQuery) {
    try {
      HttpResponse<String> r = get(pathAndQuery);
      JsonNode body = Dashboards.JSON.readTree(r.body());
      if (r.statusCode() != 200 || !body.path("status").asText().equals("success")) {
        fail("%s %s answered %d: %s", name, pathAndQuery, r.statusCode(), r.body());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new UncheckedIOException(name + " " + pathAndQuery, e);
    }
  }

  /** Prometheus instant query: the {@code data} object ({@code resultType}, {@code result}). */
  JsonNode query(String promql) {
    return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  /** Prometheus instant query as {@code (status code, body)}, for queries that may fail. */
  HttpResponse<String> tryQuery(String promql) throws IOException {
    return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
