package io.marketplaceexporter.alerting;

import java.io.IOException;
import java.time.Instant;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Posts one message to one robot through the shared HTTP client and reads the answer into a {@link
 * Verdict}; a failure without an answer (timeout, refused connection) is a retry whose reason has
 * the robot's URL and secret removed. Every request's duration is observed.
 */
final class RobotSender {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final int MAX_ANSWER_BYTES = 64 * 1024;

  private final Dialect dialect;
  private final OkHttpClient http;
  private final RelayMetrics metrics;

  RobotSender(Dialect dialect, OkHttpClient http, RelayMetrics metrics) {
    this.dialect = dialect;
    this.http = http;
    this.metrics = metrics;
  }

  Verdict send(Robot robot, Message message, Instant now) {
    Request request =
        new Request.Builder()
            .url(dialect.url(robot, now))
            .post(RequestBody.create(dialect.body(message, robot, now), JSON))
            .build();
    long start = System.nanoTime();
    try (Response response = http.newCall(request).execute()) {
      return dialect.verdict(response.code(), response.peekBody(MAX_ANSWER_BYTES).string());
    } catch (IOException | RuntimeException e) {
      return new Verdict(
          Verdict.Kind.RETRY, robot.redact(e.getClass().getSimpleName() + ": " + e.getMessage()));
    } finally {
      metrics.observe(dialect.channel(), (System.nanoTime() - start) / 1e9);
    }
  }
}
