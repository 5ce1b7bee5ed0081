package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.Secret;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The relay's dialects against the robots' official documents ({@code robots/official/*.json},
 * sources in the README there): signatures, limits, answers and message shapes.
 */
class RobotConformanceTest {
  private static final Message MESSAGE =
      new Message(
          "🔥 [FIRING:1] OrderFailureRateHigh · critical", "text", true, List.of(), List.of());

  @Nested
  class Signing {
    @Test
    void dingTalkSignsTimestampMillisAndSecretKeyedWithTheSecretThenUrlEncodes() {
      JsonNode s = OfficialRobot.fixture("dingtalk").path("signature");
      long ts = s.path("timestamp").asLong();
      String secret = s.path("secret").asText();
      assertThat(DingTalkDialect.sign(ts, secret)).isEqualTo(s.path("sign").asText());
      Robot robot =
          new Robot(0, Secret.of("http://127.0.0.1/robot/send?access_token=t"), Secret.of(secret));
      assertThat(URLEncoder.encode(DingTalkDialect.sign(ts, secret), StandardCharsets.UTF_8))
          .isEqualTo(s.path("sign_urlencoded").asText());
      assertThat(new DingTalkDialect().url(robot, Instant.ofEpochMilli(ts)).encodedQuery())
          .isEqualTo(
              "access_token=t&timestamp=" + ts + "&sign=" + s.path("sign_urlencoded").asText());
    }

    @Test
    void feishuSignsEmptyDataKeyedWithTimestampSecondsAndSecretInTheBody() {
      JsonNode s = OfficialRobot.fixture("feishu").path("signature");
      long ts = s.path("timestamp").asLong();
      Robot robot =
          new Robot(0, Secret.of("http://127.0.0.1/hook"), Secret.of(s.path("secret").asText()));
      assertThat(FeishuDialect.sign(ts, robot.secret().reveal()))
          .isEqualTo(s.path("sign").asText());
      JsonNode body = json(new FeishuDialect().body(MESSAGE, robot, Instant.ofEpochSecond(ts)));
      assertThat(body.path("timestamp").isTextual()).isTrue();
      assertThat(body.path("timestamp").asText()).isEqualTo(Long.toString(ts));
      assertThat(body.path("sign").asText()).isEqualTo(s.path("sign").asText());
    }
  }

  @Nested
  class Limits {
    @Test
    void eachChannelDefaultsToItsDocumentedSizeLimit() {
      assertThat(new FeishuDialect().defaultMaxBytes())
          .isEqualTo(OfficialRobot.fixture("feishu").at("/limits/request_body_bytes").asInt());
      assertThat(new DingTalkDialect().defaultMaxBytes())
          .isEqualTo(OfficialRobot.fixture("dingtalk").at("/limits/request_body_bytes").asInt());
      assertThat(new WeComDialect().defaultMaxBytes())
          .isEqualTo(OfficialRobot.fixture("wecom").at("/limits/markdown_content_bytes").asInt());
    }

    @Test
    void feishuSendsAtMostItsDocumentedFivePerSecond() {
      int perSecond = OfficialRobot.fixture("feishu").at("/limits/messages_per_second").asInt();
      assertThat(new FeishuDialect().minInterval().toMillis())
          .isGreaterThanOrEqualTo(1000 / perSecond);
    }
  }

  static Stream<Arguments> officialAnswers() {
    List<Arguments> out = new ArrayList<>();
    for (String channel : List.of("dingtalk", "wecom", "feishu")) {
      for (JsonNode a : OfficialRobot.fixture(channel).path("answers")) {
        out.add(
            Arguments.of(
                channel,
                a.path("http").asInt(),
                a.path("body").toString(),
                a.path("class").asText()));
      }
    }
    return out.stream();
  }

  @Nested
  class Answers {
    @ParameterizedTest(name = "{0}: HTTP {1} {2} is {3}")
    @MethodSource("io.marketplaceexporter.alerting.RobotConformanceTest#officialAnswers")
    void eachOfficialAnswerIsRetriedShrunkOrDroppedAsItsDocumentSays(
        String channel, int http, String body, String expected) {
      Verdict.Kind kind = Dialect.forChannel(channel).verdict(http, body).kind();
      Map<String, List<Verdict.Kind>> classes =
          Map.of(
              "retry", List.of(Verdict.Kind.RETRY, Verdict.Kind.RATE_LIMITED),
              "shrink", List.of(Verdict.Kind.TOO_LARGE),
              "permanent", List.of(Verdict.Kind.DROP));
      assertThat(classes.get(expected)).contains(kind);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dingtalk", "wecom", "feishu"})
    void officialSuccessIsSent(String channel) {
      JsonNode ok = OfficialRobot.fixture(channel).path("success");
      assertThat(
              Dialect.forChannel(channel)
                  .verdict(ok.path("http").asInt(), ok.path("body").toString())
                  .kind())
          .isEqualTo(Verdict.Kind.SENT);
    }
  }

  @Nested
  class Shapes {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"dingtalk", "wecom", "feishu"})
    void requestBodiesUseOnlyFieldsOfTheOfficialExampleWithTheSameTypes(String channel) {
      Robot robot = new Robot(0, Secret.of("http://127.0.0.1/robot"), Secret.of("s"));
      Message m =
          new Message(
              MESSAGE.title(), MESSAGE.text(), true, List.of("150XXXXXXXX"), List.of("user123"));
      JsonNode body =
          json(Dialect.forChannel(channel).body(m, robot, Instant.ofEpochSecond(1599360473)));
      OfficialRobot.assertSameShape(
          channel, OfficialRobot.fixture(channel).path("request_example"), body);
    }
  }

  private static JsonNode json(byte[] body) {
    try {
      return Payloads.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
