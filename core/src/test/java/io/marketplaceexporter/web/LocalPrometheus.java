package io.marketplaceexporter.web;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.json.JsonMappers;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The current Prometheus LTS server ({@code $MPE_TOOLS/prometheus/prometheus}, installed by
 * .ci/install-current-stack) on a free loopback port with a given prometheus.yml; the test fails,
 * never skips, when it is not installed.
 */
final class LocalPrometheus implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  private final Process process;
  private final Path log;
  private final int port;

  private LocalPrometheus(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  static Path binary() {
    Path tools =
        Path.of(System.getenv().getOrDefault("MPE_TOOLS", "/opt/marketplace-exporter/tools"));
    Path p = tools.resolve("prometheus/prometheus");
    if (!Files.isExecutable(p)) {
      fail("%s is missing: run .ci/install-current-stack (.ci/install does)", p);
    }
    return p;
  }

  /** Starts Prometheus with {@code config} in {@code dir} and waits until it is ready. */
  static LocalPrometheus start(Path dir, String config) throws IOException {
    Path file = Files.writeString(dir.resolve("prometheus.yml"), config);
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path log = dir.resolve("prometheus.log");
    Process p =
        new ProcessBuilder(
                binary().toString(),
                "--config.file=" + file,
                "--storage.tsdb.path=" + Files.createDirectories(dir.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalPrometheus prometheus = new LocalPrometheus(p, log, port);
    try {
      prometheus.await(Duration.ofSeconds(60), "ready", () -> prometheus.ready());
    } catch (RuntimeException | Error e) {
      prometheus.close();
      throw e;
    }
    return prometheus;
  }

  private boolean ready() {
    try {
      return get("/-/ready").statusCode() == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** Waits until {@code condition} holds, failing with the log after {@code timeout}. */
  void await(Duration timeout, String what, BooleanSupplier condition) {
    await(timeout, what, condition, () -> "");
  }

  /** As above; on failure, {@code state} tells what was seen last. */
  void await(Duration timeout, String what, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        fail("prometheus exited with code %d:%n%s", process.exitValue(), log());
      }
      if (condition.getAsBoolean()) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
    fail("prometheus: not %s within %s:%n%s%n%s", what, timeout, state.get(), log());
  }

  /** {@code data} of an API call answered with {@code status: success}. */
  JsonNode api(String pathAndQuery) {
    try {
      HttpResponse<String> r = get(pathAndQuery);
      JsonNode body = JsonMappers.standard().readTree(r.body());
      if (r.statusCode() != 200 || !body.path("status").asText().equals("success")) {
        fail("prometheus %s answered %d: %s", pathAndQuery, r.statusCode(), r.body());
      }
      return body.path("data");
    } catch (IOException e) {
      throw new IllegalStateException("prometheus " + pathAndQuery, e);
    }
  }

  /** The instant vector of {@code promql}. */
  JsonNode query(String promql) {
    return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))
        .path("result");
  }

  private HttpResponse<String> get(String pathAndQuery) throws IOException {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
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
