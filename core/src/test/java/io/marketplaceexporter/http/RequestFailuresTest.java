package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.sources.SourcesTestSupport;
import io.marketplaceexporter.support.RunningExporter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a request the client breaks is its own failure, a 4xx with one log line, never a 500
 * with a stack trace. Raw sockets, because an HTTP client does not send broken requests.
 */
class RequestFailuresTest {
  private final RunningExporter server = RunningExporter.start();

  @AfterEach
  void stop() {
    server.close();
  }

  /** Sends {@code head} and {@code body}, half-closes, and returns the raw answer. */
  private String exchange(String head, String body) throws IOException {
    return exchange(head, body, true);
  }

  /** Sends {@code head} and {@code body}, half-closes if asked, and returns the raw answer. */
  private String exchange(String head, String body, boolean end) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.exporter.port())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write((head + body).getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (end) {
        s.shutdownOutput(); // the client is gone mid-body
      }
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String statusLine(String answer) {
    return answer.lines().findFirst().orElse("");
  }

  @Nested
  class BrokenBodies {
    @Test
    void aClientThatAbortsMidBodyGetsA400AndOneLogLineWithoutAStackTrace() throws Exception {
      String head =
          "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Content-Length: 1000\r\n\r\n";
      String[] answer = new String[1];

      String log =
          SourcesTestSupport.captureStderr(
              () -> answer[0] = exchange(head, "[{\"type\":\"order\",\"marketplace\":\"ama"));

      assertThat(statusLine(answer[0])).startsWith("HTTP/1.1 400");
      assertThat(log).doesNotContain("\tat ").doesNotContain("Exception\n");
      assertThat(log.lines().filter(l -> !l.isBlank()).count()).isLessThanOrEqualTo(1);
    }

    @Test
    void aChunkSizeOfTwoToTheSixtyFourMinusOneIsA400WithoutAStackTrace() throws Exception {
      String head =
          "POST /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n";
      String[] answer = new String[1];

      String log =
          SourcesTestSupport.captureStderr(
              () -> answer[0] = exchange(head, "FFFFFFFFFFFFFFFF\r\n{\"type\":\"order\"}", false));

      assertThat(statusLine(answer[0])).startsWith("HTTP/1.1 400");
      assertThat(log).doesNotContain("\tat ");
      assertThat(log.lines().filter(l -> !l.isBlank()).count()).isLessThanOrEqualTo(1);
    }
  }
}
