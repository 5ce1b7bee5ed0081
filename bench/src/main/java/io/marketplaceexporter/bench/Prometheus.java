package io.marketplaceexporter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Prometheus server (3.5 from {@code .ci/install-current-stack}) on a free loopback port with its
 * configuration and storage in a temporary directory, deleted on close; read through its query API.
 */
final class Prometheus implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  final Server server;

  private Prometheus(Path dir, Server server) {
    this.dir = dir;
    this.server = server;
  }

  /** The binary: {@code $MPE_TOOLS/prometheus/prometheus} (MPE_TOOLS as the install script's). */
  static Path binary() {
    String tools = System.getenv().getOrDefault("MPE_TOOLS", "/opt/marketplace-exporter/tools");
    return Path.of(tools, "prometheus", "prometheus");
  }

  /** The installed version ({@code VERSION} beside the binary, as the install script writes it). */
  static String version() throws IOException {
    Path v = binary().resolveSibling("VERSION");
    return Files.isRegularFile(v) ? Files.readString(v).strip() : "unknown";
  }

  static Prometheus start(String config) throws Exception {
    Path binary = binary();
    if (!Files.isExecutable(binary)) {
      throw new IllegalStateException(binary + " is missing: run bash .ci/install-bench");
    }
    Path dir = Scratch.directory("prometheus");
    try {
      Path file = dir.resolve("prometheus.yml");
      Files.writeString(file, config);
      int port = Server.freePort();
      Server server =
          Server.start(
              "prometheus",
              port,
              List.of(
                  binary.toString(),
                  "--config.file=" + file,
                  "--storage.tsdb.path=" + dir.resolve("data"),
                  "--web.listen-address=127.0.0.1:" + port,
                  "--log.level=warn"),
              "/-/ready");
      return new Prometheus(dir, server);
    } catch (Exception | Error e) {
      Server.deleteTree(dir);
      throw e;
    }
  }

  /** The {@code data.result} of an instant query at {@code time} (Unix seconds). */
  JsonNode query(String promql, double time) throws IOException, InterruptedException {
    HttpResponse<String> r =
        server.get(
            "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + "&time="
                + String.format(Locale.ROOT, "%.3f", time));
    JsonNode body = JSON.readTree(r.body());
    if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
      throw new IllegalStateException("query " + promql + " failed: " + r.body());
    }
    return body.path("data").path("result");
  }

  /** The samples of a range-vector query ({@code metric[window]}) per job, in time order. */
  Map<String, List<Double>> samplesByJob(String rangeQuery, double time)
      throws IOException, InterruptedException {
    Map<String, List<Double>> out = new LinkedHashMap<>();
    for (JsonNode series : query(rangeQuery, time)) {
      List<Double> values = new ArrayList<>();
      for (JsonNode v : series.path("values")) {
        values.add(Double.parseDouble(v.get(1).asText()));
      }
      out.put(series.path("metric").path("job").asText(), values);
    }
    return out;
  }

  /** The value of an instant-vector query per job. */
  Map<String, Double> valueByJob(String promql, double time)
      throws IOException, InterruptedException {
    Map<String, Double> out = new LinkedHashMap<>();
    for (JsonNode series : query(promql, time)) {
      out.put(
          series.path("metric").path("job").asText(),
          Double.parseDouble(series.path("value").get(1).asText()));
    }
    return out;
  }

  /** The last scrape error of each target that has one, per job. */
  Map<String, String> lastErrors() throws IOException, InterruptedException {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode body = JSON.readTree(server.get("/api/v1/targets?state=active").body());
    for (JsonNode t : body.path("data").path("activeTargets")) {
      String error = t.path("lastError").asText("");
      if (!error.isEmpty()) {
        out.put(t.path("labels").path("job").asText(), error);
      }
    }
    return out;
  }

  @Override
  public void close() {
    server.close();
    Server.deleteTree(dir);
  }
}
