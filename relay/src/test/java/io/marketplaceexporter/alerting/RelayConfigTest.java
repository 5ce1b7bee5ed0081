package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.RelayConfig;
import io.marketplaceexporter.config.RelayTargetConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code relay:} section: defaults, validation naming the key, secret references. */
class RelayConfigTest {
  private static RelayConfig parse(String relayYaml) {
    return ConfigLoader.parse("relay:\n" + relayYaml).relay();
  }

  private static void rejects(String relayYaml, String message) {
    assertThatThrownBy(() -> parse(relayYaml))
        .isInstanceOf(ConfigException.class)
        .hasMessage(message);
  }

  @Nested
  class Defaults {
    @Test
    void withoutARelaySectionThereAreNoTargets() {
      RelayConfig relay = ConfigLoader.parse("web:\n  listen_address: :9877\n").relay();
      assertThat(relay.isEmpty()).isTrue();
      assertThat(relay.queueCapacity()).isEqualTo(1000);
      assertThat(relay.initialBackoff()).isEqualTo(Duration.ofSeconds(5));
      assertThat(relay.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
      assertThat(relay.giveUpAfter()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aTargetDefaultsToTwentyAMinuteShanghaiTimeAndMentionsOnCritical() {
      RelayTargetConfig t =
          parse("  dingtalk:\n    oncall:\n      url: ${U}\n").dingtalk().get("oncall");
      assertThat(t.maxMessagesPerMinute()).isEqualTo(20);
      assertThat(t.maxMessageBytes()).isZero();
      assertThat(t.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
      assertThat(t.mention().severities()).containsExactly("critical");
      assertThat(t.robots()).containsExactly(new RelayTargetConfig.Robot("${U}", null));
    }

    @Test
    void theFullExampleParses() {
      RelayConfig relay =
          parse(
              """
                queue_capacity: 500
                give_up_after: 2h
                dingtalk:
                  oncall:
                    robots:
                      - {url: "${DT_A}", secret: "${DT_A_SECRET}"}
                      - {url: "file:/run/secrets/dt_b_url", secret: "file:/run/secrets/dt_b_secret"}
                    max_messages_per_minute: 18
                    mention:
                      severities: [critical, page]
                      mobiles: ["13800000000"]
                      by_label:
                        team:
                          payments: {mobiles: ["13900000001"], user_ids: [lisi]}
                wecom:
                  ops: {url: "${WECOM_URL}", time_zone: Asia/Singapore}
                feishu:
                  oncall: {url: "${FEISHU_URL}", secret: "${FEISHU_SECRET}", max_message_bytes: 20000}
              """);
      assertThat(relay.dingtalk().get("oncall").robots()).hasSize(2);
      assertThat(
              relay
                  .dingtalk()
                  .get("oncall")
                  .mention()
                  .byLabel()
                  .get("team")
                  .get("payments")
                  .userIds())
          .containsExactly("lisi");
      assertThat(relay.wecom().get("ops").timeZone()).isEqualTo(ZoneId.of("Asia/Singapore"));
      assertThat(relay.feishu().get("oncall").maxMessageBytes()).isEqualTo(20000);
    }
  }

  @Nested
  class Validation {
    @Test
    void errorsNameTheFullKey() {
      rejects(
          "  dingtalk:\n    oncall:\n      url: x\n      max_messages_per_minute: 0\n",
          "relay.dingtalk.oncall.max_messages_per_minute: must be 1..1000");
      rejects(
          "  dingtalk:\n    oncall:\n      url: x\n      max_message_bytes: 100\n",
          "relay.dingtalk.oncall.max_message_bytes: must be between 1024 and 1048576");
      rejects(
          "  feishu:\n    oncall:\n      url: x\n      time_zone: Mars/Olympus\n",
          "relay.feishu.oncall.time_zone: unknown time zone \"Mars/Olympus\", use a name like"
              + " Asia/Shanghai");
      rejects(
          "  dingtalk:\n    oncall:\n      secret: s\n",
          "relay.dingtalk.oncall.secret: is set but url is not");
      rejects(
          "  dingtalk:\n    oncall: {}\n",
          "relay.dingtalk.oncall.url: must be set (or robots, a list of url and secret)");
      rejects(
          "  dingtalk:\n    oncall:\n      url: x\n      robots: [{url: y}]\n",
          "relay.dingtalk.oncall.robots: set either url (and secret) or robots, not both");
      rejects(
          "  wecom:\n    ops:\n      url: x\n      secret: s\n",
          "relay.wecom.ops.secret: wecom robots are not signed (the key is part of the url); remove"
              + " secret");
      rejects(
          "  wecom:\n    ops:\n      url: x\n      mention: {mobiles: ['13800000000']}\n",
          "relay.wecom.ops.mention: wecom markdown messages can mention user ids only, not mobiles");
      rejects(
          "  dingtalk:\n    on call:\n      url: x\n",
          "relay.dingtalk.on call: target names are 1 to 64 letters, digits, '_' or '-' (they are"
              + " part of the URL)");
      rejects(
          "  dingtalk:\n    oncall:\n      url: x\n      mention: {mobiles: [call-me]}\n",
          "relay.dingtalk.oncall.mention.mobiles: \"call-me\" is not a phone number");
      rejects(
          "  initial_backoff: 10s\n  max_backoff: 5s\n",
          "relay.max_backoff: must be >= initial_backoff");
      assertThatThrownBy(() -> parse("  slack:\n    x: {url: y}\n"))
          .hasMessageStartingWith("relay.slack: unknown key; known: dingtalk, feishu,");
    }

    @Test
    void unresolvableReferencesNameTheKeyAndNeverTheValue(@TempDir Path dir) throws Exception {
      RelayConfig relay =
          parse("  dingtalk:\n    oncall:\n      url: ${DT_URL}\n      secret: ${DT_SECRET}\n");
      assertThatThrownBy(() -> AlertRelay.validate(relay, Map.of()))
          .hasMessage("relay.dingtalk.oncall.url: environment variable DT_URL is not set");
      assertThatThrownBy(
              () ->
                  AlertRelay.validate(
                      relay,
                      Map.of("DT_URL", "ftp://robot/?access_token=abc123", "DT_SECRET", "s")))
          .hasMessage("relay.dingtalk.oncall.url: is not an http:// or https:// URL")
          .message()
          .doesNotContain("abc123");
      Path secret = dir.resolve("secret");
      Files.writeString(secret, "SECfromfile\n");
      RelayConfig fromFile =
          parse(
              "  feishu:\n    oncall:\n      robots:\n        - {url: x}\n"
                  + "        - {url: 'file:"
                  + dir.resolve("missing")
                  + "'}\n");
      assertThatThrownBy(() -> AlertRelay.validate(fromFile, Map.of()))
          .hasMessage("relay.feishu.oncall.robots[0].url: is not an http:// or https:// URL");
      AlertRelay.validate(
          parse(
              "  feishu:\n    oncall:\n      url: http://127.0.0.1/x\n      secret: file:"
                  + secret
                  + "\n"),
          Map.of());
      assertThat(List.of(new RelayTargetConfig.Robot("${U}", "${S}")).toString())
          .isEqualTo("[Robot[url=<secret>, secret=<secret>]]");
    }
  }
}
