package io.marketplaceexporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.config.AuthConfig;
import io.marketplaceexporter.config.Durations;
import io.marketplaceexporter.json.JsonMappers;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code marketplace-exporter drill}: asks a running exporter to play a drill ({@code POST
 * /api/v1/drills}), waits for its report and prints it. Exit code 0 when every stage passed, 1 when
 * one failed or was missed (or the wait ran out), 2 when the drill could not be started.
 */
@Command(
    name = "drill",
    mixinStandardHelpOptions = true,
    description = "Play a fault drill on a running exporter's drill shop and print its report.")
final class DrillCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = JsonMappers.lenient();

  @Option(
      names = "--url",
      required = true,
      paramLabel = "URL",
      description = "The exporter's base URL, like http://exporter:9877.")
  String url;

  @Option(
      names = "--incident",
      required = true,
      paramLabel = "NAME",
      description =
          "The incident: zero_price, inventory_sync_lag, order_failure_spike, token_expiring,"
              + " payments_unmatched, listings_taken_down.")
  String incident;

  @Option(
      names = "--token-file",
      paramLabel = "FILE",
      description = "File holding the bearer token (default: env " + AuthConfig.TOKEN_ENV + ").")
  Path tokenFile;

  @Option(
      names = "--wait",
      paramLabel = "DURATION",
      defaultValue = "1h",
      description = "How long to wait for the report (default 1h).")
  String wait;

  @Option(
      names = "--poll",
      paramLabel = "DURATION",
      defaultValue = "5s",
      description = "How often to ask for the report (default 5s).")
  String poll;

  PrintStream out = System.out;
  PrintStream err = System.err;

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  @Override
  public Integer call() throws InterruptedException {
    Duration waitFor;
    Duration every;
    String token;
    try {
      waitFor = Durations.parse(wait);
      every = Durations.parse(poll);
      token = token();
    } catch (IllegalArgumentException | IOException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    try {
      HttpResponse<String> started =
          send(
              request(base + "/api/v1/drills", token)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.writeValueAsString(java.util.Map.of("incident", incident)))));
      if (started.statusCode() != 202) {
        err.println("error: HTTP " + started.statusCode() + ": " + errorOf(started.body()));
        return 2;
      }
      String id = JSON.readTree(started.body()).path("id").asText();
      out.println("drill " + id + " started; waiting for its report (up to " + wait + ")");
      long deadline = System.nanoTime() + waitFor.toNanos();
      while (true) {
        HttpResponse<String> r = send(request(base + "/api/v1/drills/" + id, token).GET());
        if (r.statusCode() != 200) {
          err.println("error: HTTP " + r.statusCode() + ": " + errorOf(r.body()));
          return 2;
        }
        JsonNode report = JSON.readTree(r.body());
        if ("finished".equals(report.path("state").asText())) {
          print(report);
          return "passed".equals(report.path("result").asText()) ? 0 : 1;
        }
        if (System.nanoTime() > deadline) {
          print(report);
          err.println("error: no finished report within " + wait);
          return 1;
        }
        Thread.sleep(every.toMillis());
      }
    } catch (IOException | IllegalArgumentException e) {
      err.println("error: cannot reach " + base + ": " + e.getMessage());
      return 2;
    }
  }

  private String token() throws IOException {
    if (tokenFile != null) {
      return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
    }
    String env = System.getenv(AuthConfig.TOKEN_ENV);
    return env == null ? "" : env.strip();
  }

  private static HttpRequest.Builder request(String uri, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30));
    return token.isEmpty() ? b : b.header("Authorization", "Bearer " + token);
  }

  private HttpResponse<String> send(HttpRequest.Builder b)
      throws IOException, InterruptedException {
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String errorOf(String body) {
    try {
      return JSON.readTree(body).path("error").asText(body);
    } catch (IOException e) {
      return body.length() > 200 ? body.substring(0, 200) : body;
    }
  }

  private void print(JsonNode r) {
    out.printf(
        Locale.ROOT,
        "drill %s %s (alert %s on %s/%s): %s%n",
        r.path("id").asText(),
        r.path("incident").asText(),
        r.path("alert").asText(),
        r.path("marketplace").asText(),
        r.path("shop").asText(),
        r.path("result").asText(r.path("state").asText()));
    for (JsonNode s : r.path("stages")) {
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT, "  %-10s %-8s", s.path("name").asText(), s.path("status").asText()));
      if (s.has("seconds")) {
        line.append(String.format(Locale.ROOT, " %.1f s", s.path("seconds").asDouble()));
      }
      if (s.has("http_status")) {
        line.append(" HTTP ").append(s.path("http_status").asInt());
      }
      if (s.has("detail") && !"ok".equals(s.path("status").asText())) {
        line.append("  ").append(s.path("detail").asText());
      }
      out.println(line);
    }
  }
}
