package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.crypto.HmacSha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/**
 * A fake group robot that behaves as its official document says, answering with the official bodies
 * from {@code robots/official/<channel>.json}: it checks the signature by the official algorithm
 * and the timestamp against its own clock (one hour either way), refuses a body over the documented
 * size with the documented size refusal, and otherwise accepts. Scripted answers, when queued, come
 * first.
 */
final class OfficialRobot extends Dispatcher {
  private final String channel;
  private final JsonNode fixture;
  private final String secret;
  private volatile Clock clock = Clock.systemUTC();
  private final Queue<MockResponse> scripted = new ConcurrentLinkedQueue<>();
  private final List<JsonNode> accepted = Collections.synchronizedList(new ArrayList<>());
  private volatile Duration skew = Duration.ZERO;
  private volatile int alwaysAnswer;

  /** {@code secret} is the robot's signing secret, null when it does not sign (WeCom). */
  OfficialRobot(String channel, String secret) {
    this.channel = channel;
    this.fixture = fixture(channel);
    this.secret = secret;
  }

  /** The robot's server clock (the relay's, so that tests decide when time passes). */
  void useClock(Clock c) {
    clock = c;
  }

  /** The official fixture of a channel. */
  static JsonNode fixture(String channel) {
    return resource(channel);
  }

  /** {@code robots/official/<name>.json}. */
  static JsonNode resource(String name) {
    try (InputStream in =
        OfficialRobot.class.getResourceAsStream("/robots/official/" + name + ".json")) {
      return Payloads.JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The fixture's answer with this code (DingTalk and WeCom {@code errcode}, Feishu {@code code}).
   */
  MockResponse answer(int code) {
    for (JsonNode a : fixture.path("answers")) {
      JsonNode body = a.path("body");
      if (body.path("errcode").asInt(body.path("code").asInt(0)) == code) {
        return new MockResponse.Builder()
            .code(a.path("http").asInt())
            .setHeader("Content-Type", "application/json")
            .body(body.toString())
            .build();
      }
    }
    throw new IllegalArgumentException("no official answer " + code + " for " + channel);
  }

  /** Answers the next request with the fixture's answer {@code code}. */
  void thenAnswer(int code) {
    scripted.add(answer(code));
  }

  void thenAnswer(MockResponse response) {
    scripted.add(response);
  }

  /** Answers every request with the fixture's answer {@code code} (0: behave normally). */
  void alwaysAnswer(int code) {
    alwaysAnswer = code;
  }

  /** How far the robot's server clock is ahead of the relay's. */
  void skewClock(Duration d) {
    skew = d;
  }

  /** The bodies of the requests the robot accepted, in order. */
  List<JsonNode> accepted() {
    synchronized (accepted) {
      return List.copyOf(accepted);
    }
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse next = scripted.poll();
    if (next != null) {
      return next;
    }
    if (alwaysAnswer != 0) {
      return answer(alwaysAnswer);
    }
    byte[] bytes = request.getBody().toByteArray();
    JsonNode body = RelayFixture.json(request);
    Integer refusal = signatureRefusal(request, body);
    if (refusal == null) {
      refusal = sizeRefusal(bytes, body);
    }
    if (refusal != null) {
      return answer(refusal);
    }
    accepted.add(body);
    return RelayFixture.success(channel);
  }

  private Integer signatureRefusal(RecordedRequest request, JsonNode body) {
    if (secret == null) {
      return null;
    }
    long windowMillis = fixture.at("/limits/signature_window_seconds").asLong() * 1000;
    long now = clock.millis() + skew.toMillis();
    try {
      if (channel.equals("dingtalk")) {
        String ts = request.getUrl().queryParameter("timestamp");
        String sign = request.getUrl().queryParameter("sign");
        boolean ok =
            ts != null
                && Math.abs(Long.parseLong(ts) - now) <= windowMillis
                && HmacSha256.base64(secret, ts + "\n" + secret).equals(sign);
        return ok ? null : 310000;
      }
      String ts = body.path("timestamp").asText();
      boolean ok =
          !ts.isEmpty()
              && Math.abs(Long.parseLong(ts) * 1000 - now) <= windowMillis
              && HmacSha256.base64(ts + "\n" + secret, "").equals(body.path("sign").asText());
      return ok ? null : 19021;
    } catch (NumberFormatException e) {
      return channel.equals("dingtalk") ? 310000 : 19021;
    }
  }

  private Integer sizeRefusal(byte[] bytes, JsonNode body) {
    JsonNode limits = fixture.path("limits");
    return switch (channel) {
      case "dingtalk" -> bytes.length > limits.path("request_body_bytes").asInt() ? 460101 : null;
      case "wecom" ->
          body.at("/markdown/content").asText().getBytes(StandardCharsets.UTF_8).length
                  > limits.path("markdown_content_bytes").asInt()
              ? 40058
              : null;
      default -> bytes.length > limits.path("request_body_bytes").asInt() ? 9499 : null;
    };
  }

  /** Every field of {@code actual} is in {@code official}, with the same JSON type. */
  static void assertSameShape(String path, JsonNode official, JsonNode actual) {
    assertThat(actual.getNodeType()).as(path).isEqualTo(official.getNodeType());
    if (actual.isObject()) {
      for (Iterator<String> it = actual.fieldNames(); it.hasNext(); ) {
        String field = it.next();
        assertThat(official.has(field)).as(path + "." + field + " is an official field").isTrue();
        assertSameShape(path + "." + field, official.get(field), actual.get(field));
      }
    } else if (actual.isArray() && !official.isEmpty()) {
      for (JsonNode element : actual) {
        assertSameShape(path + "[]", official.get(0), element);
      }
    }
  }
}
