package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.support.PrometheusStack;
import io.marketplaceexporter.support.PrometheusStack.Tool;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * alertmanager/alertmanager.yml: valid, routes by severity, inhibits and templates as documented,
 * checked with the amtool of the oldest and of the current supported Alertmanager.
 */
@ParameterizedClass(name = "amtool of {0}")
@EnumSource(PrometheusStack.class)
class AlertmanagerTest {

  @Parameter PrometheusStack stack;

  static final String CONFIG = "alertmanager/alertmanager.yml";
  static final String BOTH_CHATS = "dingtalk-oncall,slack-critical";

  /** Routes {@code labels} and asserts the resolved receivers, with amtool's output on failure. */
  void assertRoutedTo(String expectedReceivers, List<String> labels) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "config",
            "routes",
            "test",
            "--config.file=" + CONFIG,
            "--verify.receivers=" + expectedReceivers));
    args.addAll(labels);
    Tools.Result result = Tools.run(Pack.root(), stack, Tool.AMTOOL, args.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.describe()).isZero();
    assertThat(result.output()).as(result.describe()).contains(expectedReceivers);
  }

  static JsonNode config() {
    return Pack.readYaml(Pack.alertmanagerConfig());
  }

  @Nested
  class CheckConfig {

    @Test
    void configAndTemplatesPassAmtoolCheckConfig() {
      Tools.Result result = Tools.run(Pack.root(), stack, Tool.AMTOOL, "check-config", CONFIG);

      assertThat(result.exitCode()).as(result.describe()).isZero();
      assertThat(result.output()).as(result.describe()).contains("1 templates");
    }

    @Test
    void groupsByAlertnameAndMarketplaceSoThatOneIncidentIsOneNotification() {
      assertThat(config().path("route").path("group_by"))
          .extracting(JsonNode::asText)
          .containsExactly("alertname", "marketplace");
    }

    @Test
    void dingTalkGoesThroughTheExporterRelay() {
      List<String> urls = new ArrayList<>();
      for (JsonNode receiver : config().path("receivers")) {
        if (receiver.path("name").asText().equals("dingtalk-oncall")) {
          receiver.path("webhook_configs").forEach(w -> urls.add(w.path("url").asText()));
        }
      }
      assertThat(urls)
          .containsExactly("http://marketplace-exporter:9877/alertmanager/dingtalk/oncall");
    }
  }

  static Stream<Arguments> routingCases() {
    return Stream.of(
        Arguments.of(
            "critical order alert pages DingTalk and Slack",
            BOTH_CHATS,
            List.of(
                "alertname=OrderFailureRatioHigh",
                "severity=critical",
                "family=orders",
                "marketplace=amazon",
                "shop=s1")),
        Arguments.of(
            "critical sync alert pages DingTalk and Slack (maintenance sub-route keeps both)",
            BOTH_CHATS,
            List.of(
                "alertname=SyncLagCritical",
                "severity=critical",
                "family=sync",
                "marketplace=shopee",
                "shop=s2")),
        Arguments.of(
            "critical exporter alert pages DingTalk and Slack",
            BOTH_CHATS,
            List.of("alertname=ExporterDown", "severity=critical", "family=exporter")),
        Arguments.of(
            "warning goes to the Slack chat channel only",
            "slack-warnings",
            List.of(
                "alertname=SyncLagHigh",
                "severity=warning",
                "family=sync",
                "marketplace=lazada",
                "shop=s3")),
        Arguments.of(
            "info is not notified",
            "null",
            List.of("alertname=SomethingInformational", "severity=info", "family=orders")),
        Arguments.of(
            "Watchdog goes to the dead man's switch",
            "deadmans-switch",
            List.of("alertname=Watchdog", "severity=info", "family=meta")),
        Arguments.of(
            "an alert without a known severity still reaches the chat channel",
            "slack-warnings",
            List.of("alertname=SomeoneElsesAlert", "severity=page")));
  }

  static Stream<Arguments> packAlerts() {
    return Pack.alerts().stream().map(a -> Arguments.of(a.name(), a.labels())).distinct();
  }

  @Nested
  class Routing {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.AlertmanagerTest#routingCases")
    void routesBySeverity(String description, String expectedReceivers, List<String> labels) {
      assertRoutedTo(expectedReceivers, labels);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.marketplaceexporter.packtests.AlertmanagerTest#packAlerts")
    void everyAlertOfThePackReachesTheReceiversOfItsSeverity(
        String alertName, Map<String, String> labels) {
      String expected =
          alertName.equals("Watchdog")
              ? "deadmans-switch"
              : switch (labels.get("severity")) {
                case "critical" -> BOTH_CHATS;
                case "warning" -> "slack-warnings";
                default -> "null";
              };
      List<String> args = new ArrayList<>();
      args.add("alertname=" + alertName);
      labels.forEach((k, v) -> args.add(k + "=" + v));
      args.addAll(List.of("marketplace=amazon", "site=US", "shop=s1"));

      assertRoutedTo(expected, args);
    }
  }

  @Nested
  class Inhibitions {

    private final Pattern familyMatcher = Pattern.compile("family=~\"([^\"]*)\"");

    private Set<String> signalFamilies() {
      Set<String> families = new TreeSet<>();
      Pack.alerts().forEach(a -> families.add(a.labels().get("family")));
      families.removeAll(Set.of("exporter", "meta"));
      return families;
    }

    /** The first inhibit rule whose source matchers include every one of {@code sources}. */
    private JsonNode inhibitFrom(List<String> sources, boolean targetsFamilies) {
      for (JsonNode rule : config().path("inhibit_rules")) {
        List<String> matchers = new ArrayList<>();
        rule.path("source_matchers").forEach(m -> matchers.add(m.asText()));
        boolean families = rule.path("target_matchers").toString().contains("family=~");
        if (matchers.containsAll(sources) && families == targetsFamilies) {
          return rule;
        }
      }
      throw new AssertionError("no inhibit rule with source " + sources);
    }

    private JsonNode inhibitFrom(String sourceMatcher, boolean targetsFamilies) {
      return inhibitFrom(List.of(sourceMatcher), targetsFamilies);
    }

    private Set<String> targetFamilies(JsonNode rule) {
      Matcher m = familyMatcher.matcher(rule.path("target_matchers").get(0).asText());
      assertThat(m.find()).as("family=~ target matcher in %s", rule).isTrue();
      return new TreeSet<>(Arrays.asList(m.group(1).split("\\|")));
    }

    private static final String EXPORTER_DOWN = "alertname=\"ExporterDown\"";

    @Test
    void exporterDownOfOneReplicaInhibitsOnlyTheSignalAlertsOfTheShopsItOwns() {
      JsonNode rule = inhibitFrom(List.of(EXPORTER_DOWN, "instance!=\"\""), true);

      assertThat(targetFamilies(rule)).containsAll(signalFamilies());
      assertThat(rule.path("equal")).extracting(JsonNode::asText).containsExactly("instance");
    }

    @Test
    void everyShopAlertCarriesTheInstanceOfTheReplicaThatOwnsTheShop() {
      for (Pack.Alert alert : Pack.alerts()) {
        if (signalFamilies().contains(alert.labels().get("family"))
            && alert.annotations().get("description").contains("$labels.shop")) {
          assertThat(alert.expr())
              .as("%s joins the instance of the shop's owner", alert)
              .contains("group_left (instance)", "shop:marketplace_exporter_owner:info");
        }
      }
    }

    @Test
    void exporterDownWithoutAnyTargetInhibitsEverySignalFamilyOfThePack() {
      JsonNode rule = inhibitFrom(List.of(EXPORTER_DOWN, "instance=\"\""), true);

      assertThat(targetFamilies(rule)).containsAll(signalFamilies());
      assertThat(rule.has("equal")).as("no equal: every shop").isFalse();
    }

    @Test
    void exporterDownInhibitsTheOtherExporterAlerts() {
      assertThat(
              inhibitFrom(List.of(EXPORTER_DOWN, "instance=\"\""), false)
                  .path("target_matchers")
                  .toString())
          .contains(
              "SourceDown",
              "PollsFallingBehind",
              "IngestRejectionsHigh",
              "SeriesLimitReached",
              "StorageWriteFailing");
      JsonNode perReplica = inhibitFrom(List.of(EXPORTER_DOWN, "instance!=\"\""), false);
      assertThat(perReplica.path("target_matchers").toString())
          .contains("PollsFallingBehind", "SeriesLimitReached", "StorageWriteFailing");
      assertThat(perReplica.path("equal")).extracting(JsonNode::asText).containsExactly("instance");
    }

    @Test
    void marketplaceIncidentInhibitsTheShopAlertsOfItsFamilyAndMarketplace() {
      JsonNode rule = inhibitFrom("alertname=\"MarketplaceIncident\"", false);

      assertThat(rule.path("target_matchers"))
          .extracting(JsonNode::asText)
          .containsExactly("shop!=\"\"");
      assertThat(rule.path("equal"))
          .extracting(JsonNode::asText)
          .containsExactly("marketplace", "family");
    }

    @Test
    void sourceDownInhibitsEverySignalFamilyOfItsMarketplace() {
      JsonNode rule = inhibitFrom("alertname=\"SourceDown\"", true);

      assertThat(targetFamilies(rule)).containsAll(signalFamilies());
      assertThat(rule.path("equal")).extracting(JsonNode::asText).containsExactly("marketplace");
    }

    @Test
    void criticalInhibitsWarningOfTheSameFamilyAndShop() {
      JsonNode rule = inhibitFrom("severity=\"critical\"", false);

      assertThat(rule.path("target_matchers").toString()).contains("severity=\\\"warning\\\"");
      assertThat(rule.path("equal"))
          .extracting(JsonNode::asText)
          .contains("family", "marketplace", "site", "shop", "job", "operation", "token");
    }
  }

  @Nested
  class Maintenance {

    @Test
    void everyAlertStatesItsMaintenancePolicy() {
      Set<String> mutedFamilies = Set.of("sync", "api", "api_quota");
      for (Pack.Alert alert : Pack.alerts()) {
        boolean mute =
            alert.labels().get("severity").equals("warning")
                || mutedFamilies.contains(alert.labels().get("family"));
        assertThat(alert.labels().get("maintenance"))
            .as("maintenance label of %s", alert)
            .isEqualTo(mute ? "mute" : "never");
      }
    }

    @Test
    void plannedMaintenanceMutesExactlyTheAlertsLabelledMute() {
      assertThat(config().path("time_intervals"))
          .extracting(i -> i.path("name").asText())
          .contains("planned-maintenance");
      int severityRoutes = 0;
      for (JsonNode route : config().path("route").path("routes")) {
        String severity = route.path("matchers").path(0).asText();
        if (!severity.equals("severity=\"critical\"") && !severity.equals("severity=\"warning\"")) {
          continue;
        }
        severityRoutes++;
        assertThat(route.has("mute_time_intervals"))
            .as("route to %s mutes everything", route.path("receiver").asText())
            .isFalse();
        assertThat(route.path("routes")).as("sub-routes of %s", severity).hasSize(1);
        JsonNode mute = route.path("routes").get(0);
        assertThat(mute.path("matchers"))
            .extracting(JsonNode::asText)
            .containsExactly("maintenance=\"mute\"");
        assertThat(mute.path("mute_time_intervals"))
            .extracting(JsonNode::asText)
            .containsExactly("planned-maintenance");
      }
      assertThat(severityRoutes).as("two critical routes and the warning route").isEqualTo(3);
    }
  }

  @Nested
  class SlackTemplates {

    private Tools.Result render(String template, String fixture) throws URISyntaxException {
      URL data = getClass().getResource("/" + fixture);
      assertThat(data).as(fixture).isNotNull();
      Tools.Result result =
          Tools.run(
              Pack.root(),
              stack,
              Tool.AMTOOL,
              "template",
              "render",
              "--template.glob=alertmanager/templates/*.tmpl",
              "--template.text={{ template \"" + template + "\" . }}",
              "--template.data=" + Path.of(data.toURI()));
      assertThat(result.exitCode()).as(result.describe()).isZero();
      return result;
    }

    @Test
    void messageShowsSummaryDescriptionRunbookAndDashboardOfEveryAlert() throws Exception {
      Tools.Result result = render("marketplace.slack.text", "alert-group.json");

      assertThat(result.output())
          .as(result.describe())
          .contains("*CRITICAL* More of a shop's orders are failing than its threshold allows.")
          .contains("9.091% of the orders of amazon US shop s1 failed")
          .contains("<" + Pack.DEFAULT_RUNBOOK_BASE + "OrderFailureRatioHigh.md|Runbook>")
          .contains(
              "<http://localhost:3000/d/marketplace-shop-detail?var-marketplace=amazon&var-site=US&var-shop=s1|Dashboard>")
          .contains("9.5% of the orders of amazon US shop s2 failed")
          .contains("*Shops (2):* s1 (US), s2 (US)");
    }

    @Test
    void titleNamesStatusAlertMarketplaceAndShop() throws Exception {
      Tools.Result result = render("marketplace.slack.title", "alert-group.json");

      assertThat(result.output().strip())
          .as(result.describe())
          .isEqualTo("[FIRING:2] OrderFailureRatioHigh | amazon US");
    }

    @Test
    void runbookButtonLinksTheRunbookOfTheAlert() throws Exception {
      Tools.Result result = render("marketplace.slack.runbook", "alert-group.json");

      assertThat(result.output().strip())
          .as(result.describe())
          .isEqualTo(Pack.DEFAULT_RUNBOOK_BASE + "OrderFailureRatioHigh.md");
    }

    @Test
    void colourIsDangerForCriticalAndGoodWhenResolved() throws Exception {
      assertThat(render("marketplace.slack.color", "alert-group.json").output().strip())
          .isEqualTo("danger");
      assertThat(render("marketplace.slack.color", "alert-group-resolved.json").output().strip())
          .isEqualTo("good");
    }
  }
}
