package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How each robot's answer is read: sent, retried (and how), or dropped. A code no document makes
 * certainly permanent is retried. The documented codes are checked against the fixtures in {@link
 * RobotConformanceTest}.
 */
class DialectVerdictTest {
  @ParameterizedTest(name = "{0}: HTTP {1} {2} -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dingtalk | 200 | {\"errcode\":0,\"errmsg\":\"ok\"}                      | SENT",
        "dingtalk | 200 | {\"errcode\":130101,\"errmsg\":\"send too fast\"}      | RATE_LIMITED",
        "dingtalk | 200 | {\"errcode\":460101,\"errmsg\":\"message too long\"}   | TOO_LARGE",
        "dingtalk | 200 | {\"errcode\":310000,\"errmsg\":\"sign not match\"}     | DROP",
        "dingtalk | 200 | {\"errcode\":300001,\"errmsg\":\"token is not exist\"} | DROP",
        "dingtalk | 200 | {\"errcode\":-1,\"errmsg\":\"system busy\"}            | RETRY",
        "dingtalk | 200 | <html>gateway</html>                                 | RETRY",
        "dingtalk | 502 | ''                                                   | RETRY",
        "dingtalk | 429 | ''                                                   | RATE_LIMITED",
        "dingtalk | 404 | ''                                                   | DROP",
        "wecom    | 200 | {\"errcode\":0,\"errmsg\":\"ok\"}                      | SENT",
        "wecom    | 200 | {\"errcode\":45009,\"errmsg\":\"api freq out of limit\"} | RATE_LIMITED",
        "wecom    | 200 | {\"errcode\":40058,\"errmsg\":\"exceed max length\"}   | TOO_LARGE",
        "wecom    | 200 | {\"errcode\":93000,\"errmsg\":\"invalid webhook url\"} | DROP",
        "wecom    | 503 | ''                                                   | RETRY",
        "feishu   | 200 | {\"code\":0,\"msg\":\"success\",\"data\":{}}            | SENT",
        "feishu   | 200 | {\"StatusCode\":0,\"StatusMessage\":\"success\"}         | SENT",
        "feishu   | 200 | {\"code\":11232,\"msg\":\"frequency limited psm\"}       | RATE_LIMITED",
        "feishu   | 200 | {\"code\":19021,\"msg\":\"sign match fail\"}             | DROP",
        "feishu   | 400 | {\"code\":9499,\"msg\":\"Bad Request\"}                 | TOO_LARGE",
        "feishu   | 400 | {\"code\":12345,\"msg\":\"not documented\"}           | RETRY",
        "dingtalk | 200 | {\"errcode\":12345,\"errmsg\":\"not documented\"}     | RETRY",
        "wecom    | 408 | ''                                                   | RETRY",
        "feishu   | 413 | ''                                                   | TOO_LARGE",
        "feishu   | 500 | {\"code\":1,\"msg\":\"internal\"}                      | RETRY",
        "feishu   | 504 | ''                                                   | RETRY",
      })
  void readsTheRobotsAnswer(String channel, int status, String body, Verdict.Kind expected) {
    assertThat(Dialect.forChannel(channel).verdict(status, body).kind()).isEqualTo(expected);
  }
}
