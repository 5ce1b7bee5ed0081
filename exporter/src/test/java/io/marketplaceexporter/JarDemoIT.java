package io.marketplaceexporter;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.MetricContract;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.ProjectFiles;
import io.marketplaceexporter.support.Promtool;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start, run for real: the shaded jar started with {@code --demo} shows every
 * contract metric with values on {@code /metrics} well within a minute, in an exposition that
 * passes {@code promtool check metrics} (JVM and process metrics included), and stops cleanly.
 */
class JarDemoIT {
  @Test
  void shadedJarInDemoModeShowsEveryContractMetric() throws Exception {
    Path jar = ProjectFiles.root().resolve("exporter/target/marketplace-exporter.jar");
    assertThat(jar).exists();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = Files.createTempFile("exporter", ".log");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "--demo",
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.path=" + Files.createTempDirectory("exporter-storage"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      Set<String> missing = Set.of("(not scraped yet)");
      String body = "";
      while (!missing.isEmpty() && System.nanoTime() < deadline && p.isAlive()) {
        try {
          body =
              http.send(
                      HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                          .timeout(Duration.ofSeconds(5))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
          missing =
              MetricContract.withoutData(
                  new MetricsText(body), MetricContract.RELAY, MetricContract.ALERTING);
        } catch (IOException e) {
          // not listening yet
        }
        if (!missing.isEmpty()) {
          Thread.sleep(250);
        }
      }
      assertThat(missing)
          .as("contract metrics without data; log:\n" + Files.readString(log))
          .isEmpty();
      assertThat(body).contains("jvm_memory_used_bytes", "process_cpu_seconds_total");
      Promtool.Result lint = Promtool.run(body, "check", "metrics");
      assertThat(lint.exitCode()).as(lint.output()).isZero();
      assertThat(lint.output()).as("promtool lint findings").isBlank();
      assertThat(body)
          .containsPattern(
              "marketplace_exporter_build_info\\{revision=\"[0-9a-f]{4,}\",version=\"");
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    assertThat(Files.readString(log)).doesNotContain("ERROR", "Exception");
  }
}
