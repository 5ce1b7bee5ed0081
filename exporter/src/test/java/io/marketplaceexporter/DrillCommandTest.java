package io.marketplaceexporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code marketplace-exporter drill} against a fake exporter on loopback. */
class DrillCommandTest {
  private static final String TOKEN = "cli-t0ken-5e1d";
  private static final String RUNNING =
      "{\"id\":\"d1\",\"incident\":\"zero_price\",\"alert\":\"PriceZeroOrNegative\","
          + "\"marketplace\":\"other\",\"shop\":\"drill-shop\",\"state\":\"running\",\"stages\":[]}";

  @TempDir Path dir;
  private final MockWebServer exporter = new MockWebServer();
  private final Deque<MockResponse> answers = new ArrayDeque<>();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void start() throws IOException {
    exporter.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest r) {
            synchronized (answers) {
              return answers.size() > 1 ? answers.poll() : answers.peek();
            }
          }
        });
    exporter.start();
  }

  @AfterEach
  void stop() {
    exporter.close();
  }

  private void answer(int code, String body) {
    answers.add(new MockResponse.Builder().code(code).body(body).build());
  }

  private static String finished(String result, String firingStatus) {
    return RUNNING
        .replace("\"running\"", "\"finished\",\"result\":\"" + result + "\"")
        .replace(
            "\"stages\":[]",
            "\"stages\":[{\"name\":\"played\",\"status\":\"ok\",\"seconds\":0.0},"
                + "{\"name\":\"firing\",\"status\":\""
                + firingStatus
                + "\",\"seconds\":92.5,\"detail\":\"not firing within 900.0 s\"},"
                + "{\"name\":\"runbook\",\"status\":\"ok\",\"http_status\":200}]");
  }

  private int run() throws IOException {
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
    DrillCommand c = new DrillCommand();
    c.out = new PrintStream(out, true, StandardCharsets.UTF_8);
    c.err = new PrintStream(err, true, StandardCharsets.UTF_8);
    return new CommandLine(c)
        .execute(
            "--url",
            exporter.url("/").toString(),
            "--incident",
            "zero_price",
            "--token-file",
            tokenFile.toString(),
            "--poll",
            "100ms");
  }

  @Nested
  class TheReport {
    @Test
    void aPassedDrillIsPrintedAndExitsZero() throws Exception {
      answer(202, RUNNING);
      answer(200, RUNNING);
      answer(200, finished("passed", "ok"));

      assertThat(run()).isZero();

      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(printed)
          .contains("drill d1 zero_price (alert PriceZeroOrNegative on other/drill-shop): passed")
          .containsPattern("firing +ok +92\\.5 s")
          .contains("HTTP 200")
          .doesNotContain(TOKEN);
      RecordedRequest post = exporter.takeRequest();
      assertThat(post.getMethod()).isEqualTo("POST");
      assertThat(post.getUrl().encodedPath()).isEqualTo("/api/v1/drills");
      assertThat(post.getBody().utf8()).isEqualTo("{\"incident\":\"zero_price\"}");
      assertThat(post.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
      assertThat(exporter.takeRequest().getUrl().encodedPath()).isEqualTo("/api/v1/drills/d1");
    }

    @Test
    void aMissedStageExitsNonZeroNamingIt() throws Exception {
      answer(202, RUNNING);
      answer(200, finished("failed", "missed"));

      assertThat(run()).isEqualTo(1);
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains(": failed")
          .containsPattern("firing +missed .*not firing within 900.0 s");
    }
  }

  @Nested
  class Refusals {
    @Test
    void aRefusedDrillExitsTwoWithTheExportersReason() throws Exception {
      answer(409, "{\"error\":\"drill d0 is running; one at a time\"}");

      assertThat(run()).isEqualTo(2);
      assertThat(err.toString(StandardCharsets.UTF_8))
          .contains("HTTP 409: drill d0 is running; one at a time");
      assertThat(exporter.getRequestCount()).isEqualTo(1);
    }
  }
}
