package io.marketplaceexporter.packtests.e2e;

import static io.marketplaceexporter.packtests.e2e.AlertStack.await;
import static io.marketplaceexporter.packtests.e2e.AlertStack.awaitRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.demo.DemoScenario;
import io.marketplaceexporter.support.Approvals;
import io.marketplaceexporter.support.Chromium;
import io.marketplaceexporter.support.ChromiumSession;
import io.marketplaceexporter.web.WebConfigFile;
import io.marketplaceexporter.web.WebSecurity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 end to end, on loopback: an incident played in the sandbox fires PriceZeroOrNegative in
 * a real Prometheus; a real Alertmanager sends it to the exporter's relay, whose fake DingTalk
 * robot receives an action card with the approval link; headless Chromium signs in as the approver
 * and confirms; the fake CI endpoint receives exactly one call and rolls the sandbox's fault back
 * as a rollback would; the verification watch asks the same Prometheus and posts "verified"; the
 * rollback is listed by {@code /api/v1/changes}. The same link used again, a user who is not an
 * approver, a forged link and an expired one run nothing and say why. A deploy pushed at the start
 * gets its deploy watch's verdict. (A drill's report: {@link DrillPipelineTest}.)
 *
 * <p>The web configuration has users, so Prometheus scrapes and Alertmanager posts with basic auth,
 * as they would in production. Test-only timings: the rules of {@link
 * AlertPipelineTest#renderRulesWithTestTimings}, the verification held 5 s instead of the runbook's
 * 10 m ({@code prometheus.verification_for}), a one-minute deploy watch and link life.
 */
class RollbackLoopTest {
  private static final String SHOP = AlertPipelineTest.SHOP;
  private static final String OTHER_SHOP = "E2E-ROLLBACK-2";
  private static final String PASSWORD = "correct horse battery";
  private static final String BASIC =
      "Basic "
          + Base64.getEncoder()
              .encodeToString(("prometheus:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @TempDir Path dir;

  @Test
  void anApprovedLinkRunsTheRollbackOnceAndTheWatchVerifiesIt() throws Exception {
    int port = LocalServer.freePort();
    String api = "http://127.0.0.1:" + port;
    AtomicInteger ciCalls = new AtomicInteger();
    try (MockWebServer robot = AlertStack.startRobot();
        MockWebServer slack = new MockWebServer();
        MockWebServer ci = new MockWebServer()) {
      slack.setDispatcher(AlertStack.slackWebhook());
      slack.start();
      ci.setDispatcher(rollingBackTheSandbox(api, ciCalls));
      ci.start();
      Path rules = AlertPipelineTest.renderRulesWithTestTimings(dir);
      try (AlertStack.Alerting alerting =
              AlertStack.startAlerting(
                  dir, rules, port, slack.url("/").toString(), "prometheus", PASSWORD);
          Exporter exporter = startExporter(port, robot, ci, alerting.prometheus().url())) {
        assertThat(exporter.port()).as("the port the approval links name").isEqualTo(port);
        post(
            api + "/api/v1/events",
            "{\"type\":\"change\",\"service\":\"erp-order-sync\",\"kind\":\"deploy\","
                + "\"version\":\"2026.11.30\"}",
            202);
        post(
            api + "/api/v1/demo/incidents",
            "{\"incident\":\"zero_price\",\"shop\":\"" + SHOP + "\",\"duration\":\"10m\"}",
            202);
        post(
            api + "/api/v1/events",
            "{\"type\":\"price\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\""
                + OTHER_SHOP
                + "\",\"sku\":\"S-1\",\"price\":0,\"currency\":\"USD\"}",
            202);

        List<RecordedRequest> seen = new ArrayList<>();
        String link = approvalLink(robot, seen, SHOP);
        String otherLink = approvalLink(robot, seen, OTHER_SHOP);
        assertThat(link).startsWith(api + "/actions/approve/");

        try (ChromiumSession browser = Chromium.session(390, 844)) {
          browser.navigate(link);
          assertThat(browser.text()).contains("restore-price-file", "PriceZeroOrNegative", SHOP);
          browser.fill("input[name=user]", "alice");
          browser.fill("input[name=password]", PASSWORD);
          browser.clickAndWait("form button");
          assertThat(browser.text()).contains("Signed in as alice");
          browser.clickAndWait("button.danger");
          assertThat(browser.text()).contains("Rollback started", "answered HTTP 201");
        }
        assertThat(ciCalls.get()).as("calls to the CI endpoint").isEqualTo(1);
        RecordedRequest call = ci.takeRequest();
        assertThat(call.getBody().utf8()).contains("\"shop\": \"" + SHOP + "\"");

        await(
            "the sandbox's zero price rolled back: PriceZeroOrNegative of the shop resolved",
            Duration.ofSeconds(60),
            () ->
                AlertPipelineTest.alerts(alerting.prometheus(), "PriceZeroOrNegative").stream()
                    .noneMatch(a -> a.path("labels").path("shop").asText().equals(SHOP)));
        RecordedRequest verified =
            awaitRequest(
                robot,
                seen,
                r -> r.getBody().utf8().contains("Verified: PriceZeroOrNegative"),
                Duration.ofSeconds(90));
        assertThat(verified.getBody().utf8()).contains("NOTICE");
        assertThat(get(api + "/api/v1/changes").body())
            .contains(
                "\"kind\":\"rollback\"",
                "restore-price-file",
                "\"approver\":\"alice\"",
                "\"alert\":\"PriceZeroOrNegative shop=" + SHOP + "\"");

        HttpResponse<String> again = get(link);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("already used", "by alice");

        try (ChromiumSession browser = Chromium.session(390, 844)) {
          browser.navigate(otherLink);
          browser.fill("input[name=user]", "bob");
          browser.fill("input[name=password]", PASSWORD);
          browser.clickAndWait("form button");
          assertThat(browser.text()).contains("not an approver");
          assertThat(browser.evaluate("document.querySelector('button.danger') ? 'yes' : 'no'"))
              .isEqualTo("no");
        }
        String forged = Approvals.forged(otherLink);
        HttpResponse<String> forgedPage = get(forged);
        assertThat(forgedPage.statusCode()).isEqualTo(403);
        assertThat(forgedPage.body()).contains("Nothing was run");
        await(
            "the other link expired (link_ttl 1m)",
            Duration.ofSeconds(90),
            () -> get(otherLink).statusCode() == 410);
        assertThat(get(otherLink).body()).contains("Link expired", "Nothing was run");
        assertThat(ciCalls.get()).as("calls to the CI endpoint at the end").isEqualTo(1);

        RecordedRequest deployVerdict =
            awaitRequest(
                robot,
                seen,
                r -> r.getBody().utf8().contains("Deploy watch"),
                Duration.ofSeconds(120));
        assertThat(deployVerdict.getBody().utf8()).contains("erp-order-sync");
        assertThat(get(api + "/metrics").body())
            .contains(
                "marketplace_exporter_rollback_actions_total{action=\"restore-price-file\","
                    + "result=\"succeeded\"} 1",
                "marketplace_exporter_verifications_total{alertname=\"PriceZeroOrNegative\","
                    + "result=\"verified\"} 1");
      }
    }
  }

  /** The exporter in demo mode on {@code port}, its users, one action calling {@code ci}. */
  private Exporter startExporter(int port, MockWebServer robot, MockWebServer ci, String prom) {
    String yaml =
        """
        web:
          listen_address: 127.0.0.1:%d
        auth:
          allow_unauthenticated: true    # loopback only; basic auth guards every route
        relay:
          dingtalk:
            oncall:
              url: ${DT_URL}
              secret: ${DT_SECRET}
        prometheus:
          url: %s
          interval: 1s
          verification_for: 5s
          basic_auth:
            username: prometheus
            password: ${PROM_PASSWORD}
        deploy_watch:
          duration: 1m
          channel: dingtalk
          target: oncall
        actions:
          external_url: http://127.0.0.1:%d
          link_ttl: 1m
          rollbacks:
            - name: restore-price-file
              service: price-engine
              alerts: [PriceZeroOrNegative]
              approvers: [alice]
              request:
                url: ${CI_URL}
                body: '{"shop": "{{labels.shop}}", "by": "{{approver}}"}'
                timeout: 5s
        """
            .formatted(port, prom, port);
    WebSecurity users =
        WebSecurity.of(
            WebConfigFile.parse(
                "basic_auth_users:\n  prometheus: "
                    + bcrypt()
                    + "\n  alice: "
                    + bcrypt()
                    + "\n  bob: "
                    + bcrypt()
                    + "\n"),
            dir);
    return Exporter.createForTest(
            ConfigLoader.parse(yaml),
            Launcher.demo(Duration.ofMillis(200), DemoScenario.quiet()).withWeb(users),
            Map.of(
                "DT_URL",
                robot.url("/robot/send?access_token=" + AlertStack.ACCESS_TOKEN).toString(),
                "DT_SECRET",
                AlertStack.SECRET,
                "CI_URL",
                ci.url("/job/rollback").toString(),
                "PROM_PASSWORD",
                PASSWORD),
            Clock.systemUTC(),
            dir.resolve("exporter-data"))
        .start();
  }

  private static String bcrypt() {
    byte[] salt = new byte[16];
    new SecureRandom().nextBytes(salt);
    return OpenBSDBCrypt.generate("2y", PASSWORD.getBytes(StandardCharsets.UTF_8), salt, 4);
  }

  /** The approval link of the robot's first action card about {@code shop}'s zero price. */
  private static String approvalLink(MockWebServer robot, List<RecordedRequest> seen, String shop)
      throws Exception {
    RecordedRequest m =
        awaitRequest(
            robot,
            seen,
            r -> {
              String b = r.getBody().utf8();
              return b.contains("\"actionCard\"")
                  && b.contains("PriceZeroOrNegative")
                  && b.contains(shop);
            },
            Duration.ofSeconds(90));
    JsonNode card = Dashboards.JSON.readTree(m.getBody().utf8()).path("actionCard");
    Set<String> links = new LinkedHashSet<>();
    if (card.hasNonNull("singleURL")) {
      links.add(card.path("singleURL").asText());
    }
    for (JsonNode b : card.path("btns")) {
      if (b.path("title").asText().contains(shop) || card.path("btns").size() == 1) {
        links.add(b.path("actionURL").asText());
      }
    }
    assertThat(links).as("the approval link in %s", m.getBody().utf8()).hasSize(1);
    return links.iterator().next();
  }

  /**
   * The CI endpoint: answers 201 and, as the user's rollback job would, rolls the sandbox back for
   * the shop the body names.
   */
  private static Dispatcher rollingBackTheSandbox(String api, AtomicInteger calls) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        calls.incrementAndGet();
        try {
          JsonNode body = Dashboards.JSON.readTree(request.getBody().utf8());
          post(
              api + "/api/v1/demo/rollbacks",
              "{\"shop\":\"" + body.path("shop").asText() + "\"}",
              200);
        } catch (Exception e) {
          return new MockResponse.Builder().code(500).body(e.toString()).build();
        }
        return new MockResponse.Builder().code(201).body("{\"queued\":true}").build();
      }
    };
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create(url)).header("Authorization", BASIC).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String post(String url, String json, int expectedStatus) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", BASIC)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s: %s", url, r.body()).isEqualTo(expectedStatus);
    return r.body();
  }
}
