package io.marketplaceexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code actions:}: every bad value is an error naming its key. */
class ActionsConfigTest {
  static String action(String extra) {
    return """
        actions:
          external_url: https://exporter.example.com
          rollbacks:
            - name: restore-price-file
              alerts: [PriceZeroOrNegative]
              approvers: [alice]
              request:
                url: https://ci.example.com/job/rollback
        """
        + extra;
  }

  static ActionsConfig parse(String yaml) {
    return ConfigLoader.parse(yaml).actions();
  }

  @Nested
  class Defaults {
    @Test
    void noActionsNoLinksAndAGeneratedKey() {
      ActionsConfig c = ActionsConfig.defaults();
      assertThat(c.rollbacks()).isEmpty();
      assertThat(c.linksEnabled()).isFalse();
      assertThat(c.signingKey()).isNull();
      assertThat(c.linkTtl()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anActionDefaultsToPostJsonTenSecondsThirtyMinutesCooldownNeverAutomatic() {
      RollbackActionConfig a = parse(action("")).rollbacks().get(0);
      assertThat(a.request().method()).isEqualTo("POST");
      assertThat(a.request().contentType()).isEqualTo("application/json");
      assertThat(a.request().timeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(a.cooldown()).isEqualTo(Duration.ofMinutes(30));
      assertThat(a.automatic()).isEmpty();
      assertThat(a.service()).isEqualTo("restore-price-file");
    }

    @Test
    void aTrailingSlashOfTheExternalUrlIsDropped() {
      assertThat(parse(action("").replace(".com\n", ".com/\n")).externalUrl())
          .isEqualTo("https://exporter.example.com");
    }
  }

  @Nested
  class Matching {
    @Test
    void servesItsAlertsNarrowedByTheMatchedLabels() {
      RollbackActionConfig a =
          parse(action("").replace("      approvers:", "      match: {shop: A1}\n      approvers:"))
              .rollbacks()
              .get(0);
      assertThat(a.serves(Map.of("alertname", "PriceZeroOrNegative", "shop", "A1"))).isTrue();
      assertThat(a.serves(Map.of("alertname", "PriceZeroOrNegative", "shop", "B2"))).isFalse();
      assertThat(a.serves(Map.of("alertname", "SyncLagHigh", "shop", "A1"))).isFalse();
      assertThat(a.automaticFor(Map.of("alertname", "PriceZeroOrNegative", "shop", "A1")))
          .isFalse();
    }
  }

  @Nested
  class Errors {
    void fails(String yaml, String message) {
      assertThatThrownBy(() -> ConfigLoader.parse(yaml)).hasMessageStartingWith(message);
    }

    @Test
    void anExternalUrlWithAQueryOrNotHttp() {
      fails(
          "actions: {external_url: 'ftp://x.example'}",
          "actions.external_url: must be an http:// or https:// URL");
      fails(
          "actions: {external_url: 'https://x.example/?a=1'}",
          "actions.external_url: must be an http:// or https:// URL");
    }

    @Test
    void anActionWithoutApproversOrAlerts() {
      fails(
          action("").replace("      approvers: [alice]\n", ""), "actions.rollbacks[0].approvers:");
      fails(
          action("").replace("      alerts: [PriceZeroOrNegative]\n", ""),
          "actions.rollbacks[0].alerts: must list at least one alert name");
    }

    @Test
    void twoActionsOfOneName() {
      String one = action("");
      String second = one.substring(one.indexOf("    - name:"));
      fails(
          one + second, "actions.rollbacks[1].name: \"restore-price-file\" is used by an earlier");
    }

    @Test
    void anAutomaticAlertTheActionDoesNotServe() {
      fails(
          action("      automatic: [SyncLagHigh]\n"),
          "actions.rollbacks[0].automatic[0]: \"SyncLagHigh\" is not one of this action's alerts");
    }

    @Test
    void anUnknownMethodContentTypeOrPlaceholder() {
      fails(action("        method: TRACE\n"), "actions.rollbacks[0].request.method:");
      fails(
          action("        content_type: text/xml\n"), "actions.rollbacks[0].request.content_type:");
      fails(
          action("        body: '{\"a\": \"{{labels.shop}} {{env.HOME}}\"}'\n"),
          "actions.rollbacks[0].request.body: unknown placeholder {{env.HOME}}");
      fails(
          action("        body: '{\"a\": \"{{secrets.token}}\"}'\n"),
          "actions.rollbacks[0].request.body: {{secrets.token}} names no entry of request.secrets");
    }

    @Test
    void aBodyOnAGet() {
      fails(
          action("        method: GET\n        body: 'x'\n"),
          "actions.rollbacks[0].request.body: a GET request has no body");
    }

    @Test
    void anUnknownKey() {
      fails(action("      approver: [alice]\n"), "actions.rollbacks[0].approver: unknown key");
    }
  }
}
