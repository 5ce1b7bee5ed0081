package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.support.Approvals;
import io.marketplaceexporter.support.Chromium;
import io.marketplaceexporter.support.ChromiumSession;
import io.marketplaceexporter.support.TestClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The approval page over real HTTP: the exporter with a web configuration's users, an action that
 * calls a fake CI endpoint (MockWebServer on loopback), and a fake relay that hands out the links
 * and records the notices. A browser is played by OkHttp that follows no redirect and keeps the
 * session cookie by hand.
 */
class ApprovalPageTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @StartStop final MockWebServer ci = new MockWebServer();
  @TempDir Path storage;
  @TempDir Path webDir;

  final TestClock clock = TestClock.at("2026-11-24T08:00:00Z");
  final OkHttpClient http =
      new OkHttpClient.Builder().followRedirects(false).callTimeout(Duration.ofSeconds(30)).build();
  Approvals.FakeRelay relay;
  Exporter exporter;

  /** What a browser holds: the session cookie. */
  String cookie = "";

  record Page(int status, String body, okhttp3.Headers headers) {}

  @BeforeEach
  void start() {
    ci.enqueue(new MockResponse.Builder().code(201).body("queued").build());
    relay = new Approvals.FakeRelay();
    exporter =
        Exporter.createForTest(
                Approvals.config("")
                    .withWeb(Approvals.config("").web().withListenAddress("127.0.0.1:0")),
                relay.options(Approvals.users(webDir)),
                Approvals.env(ci.url("/job/rollback").toString()),
                clock,
                storage)
            .start();
  }

  @AfterEach
  void stop() {
    exporter.close();
  }

  String url(String path) {
    return "http://127.0.0.1:" + exporter.port() + path;
  }

  Page send(Request.Builder b) {
    if (!cookie.isEmpty()) {
      b.header("Cookie", cookie);
    }
    try (Response r = http.newCall(b.build()).execute()) {
      String set = r.header("Set-Cookie");
      if (set != null) {
        cookie = set.substring(0, set.indexOf(';'));
      }
      return new Page(r.code(), r.body().string(), r.headers());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  Page get(String path) {
    return send(new Request.Builder().url(url(path)));
  }

  Page post(String path, String origin, String... fields) {
    FormBody.Builder f = new FormBody.Builder();
    for (int i = 0; i < fields.length; i += 2) {
      f.add(fields[i], fields[i + 1]);
    }
    Request.Builder b = new Request.Builder().url(url(path)).post(f.build());
    if (origin != null) {
      b.header("Origin", origin);
    }
    return send(b);
  }

  String own() {
    return "http://127.0.0.1:" + exporter.port();
  }

  static String csrf(Page p) {
    Matcher m = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(p.body());
    assertThat(m.find()).as("a csrf field in %s", p.body()).isTrue();
    return m.group(1);
  }

  /** Opens {@code link} and signs in as {@code user}; the page after the redirect. */
  Page signIn(String link, String user) {
    Page open = get(link);
    assertThat(open.status()).isEqualTo(200);
    Page in =
        post(
            link + "/sign-in",
            own(),
            "csrf",
            csrf(open),
            "user",
            user,
            "password",
            Approvals.PASSWORD);
    assertThat(in.status()).isEqualTo(303);
    assertThat(in.headers().get("Location")).isEqualTo(link);
    return get(link);
  }

  String basic() {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString(("alice:" + Approvals.PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  @Nested
  class ThePage {
    @Test
    void showsTheActionTheRequestWithoutSecretsAndTheAlertWithoutBasicAuth() {
      Page p = get(relay.linkPath());

      assertThat(p.status()).isEqualTo(200);
      assertThat(p.body())
          .contains("restore-price-file", "PriceZeroOrNegative", "dingtalk/oncall")
          .contains("POST " + ci.url("/job/rollback"))
          .contains("Authorization (values not shown)")
          .contains("&quot;token&quot;: &quot;••••••&quot;")
          .contains("name=\"password\"")
          .doesNotContain(Approvals.CI_TOKEN, "sekrit", "<script");
      assertThat(p.headers().get("Set-Cookie"))
          .contains("HttpOnly", "SameSite=Strict")
          .doesNotContain("Secure");
      assertThat(p.headers().get("Referrer-Policy")).isEqualTo("same-origin");
    }

    @Test
    void otherPathsStillNeedBasicAuth() {
      assertThat(get("/api/v1/changes").status()).isEqualTo(401);
    }
  }

  @Nested
  class SignIn {
    @Test
    void aWrongPasswordIs401AndRunsNothing() {
      String link = relay.linkPath();
      Page open = get(link);
      Page p =
          post(link + "/sign-in", own(), "csrf", csrf(open), "user", "alice", "password", "no");
      assertThat(p.status()).isEqualTo(401);
      assertThat(p.body()).contains("Wrong user name or password");
      assertThat(ci.getRequestCount()).isZero();
    }

    @Test
    void repeatedFailuresAreRefusedBeforeAnyPasswordCheck() {
      String link = relay.linkPath();
      String token = csrf(get(link));
      for (int i = 0; i < 5; i++) {
        post(link + "/sign-in", own(), "csrf", token, "user", "alice", "password", "no" + i);
      }
      Page p =
          post(
              link + "/sign-in",
              own(),
              "csrf",
              token,
              "user",
              "alice",
              "password",
              Approvals.PASSWORD);
      assertThat(p.status()).isEqualTo(429);
      assertThat(p.body()).contains("Too many failed sign-ins");
    }

    @Test
    void aSignInWithoutTheFormsTokenIsRefused() {
      String link = relay.linkPath();
      get(link);
      Page p = post(link + "/sign-in", own(), "user", "alice", "password", Approvals.PASSWORD);
      assertThat(p.status()).isEqualTo(403);
    }
  }

  @Nested
  class Confirm {
    @Test
    void runsTheActionExactlyOnceWithTheTemplatedBodyAndRecordsEverything() throws Exception {
      String link = relay.linkPath();
      Page signedIn = signIn(link, "alice");
      assertThat(signedIn.body()).contains("Signed in as <b>alice</b>", "Run the rollback now");

      Page done = post(link + "/confirm", own(), "csrf", csrf(signedIn));

      assertThat(done.status()).isEqualTo(200);
      assertThat(done.body()).contains("Rollback started", "answered HTTP 201");
      assertThat(ci.getRequestCount()).isEqualTo(1);
      RecordedRequest call = ci.takeRequest(5, TimeUnit.SECONDS);
      assertThat(call.getMethod()).isEqualTo("POST");
      assertThat(call.getHeaders().get("Authorization")).isEqualTo(Approvals.CI_AUTH);
      JsonNode body = JSON.readTree(call.getBody().utf8());
      assertThat(body.get("shop").asText()).isEqualTo(Approvals.ALERT.get("shop"));
      assertThat(body.has("evil")).isFalse();
      assertThat(body.get("job").asText()).isEqualTo("restore-price-file");
      assertThat(body.get("by").asText()).isEqualTo("alice");
      assertThat(body.get("token").asText()).isEqualTo(Approvals.CI_TOKEN);

      Page changes =
          send(new Request.Builder().url(url("/api/v1/changes")).header("Authorization", basic()));
      JsonNode change = JSON.readTree(changes.body()).get("changes").get(0);
      assertThat(change.get("kind").asText()).isEqualTo("rollback");
      assertThat(change.get("service").asText()).isEqualTo("price-engine");
      assertThat(change.get("version").asText()).isEqualTo("restore-price-file");
      assertThat(change.get("approver").asText()).isEqualTo("alice");
      assertThat(change.get("alert").asText())
          .isEqualTo("PriceZeroOrNegative shop=" + Approvals.ALERT.get("shop"));

      assertThat(relay.notices)
          .extracting(n -> n.title())
          .as("without prometheus.url the verification watch says at once it cannot verify")
          .containsExactly(
              "Rollback started by alice",
              "Rollback request accepted",
              "Cannot verify PriceZeroOrNegative");
      assertThat(relay.notices.get(0).markdown()).contains("PriceZeroOrNegative");

      String audit = Files.readString(storage.resolve("actions-audit.jsonl"));
      assertThat(audit)
          .contains("\"user\":\"alice\"", "\"result\":\"succeeded\"", "\"http_status\":201")
          .contains("PriceZeroOrNegative")
          .doesNotContain("sekrit");

      Page metrics =
          send(new Request.Builder().url(url("/metrics")).header("Authorization", basic()));
      assertThat(metrics.body())
          .contains(
              "marketplace_exporter_rollback_actions_total{action=\"restore-price-file\","
                  + "result=\"succeeded\"} 1");
    }

    @Test
    void theSameLinkAgainSaysWhenAndByWhomItWasUsedAndRunsNothing() {
      String link = relay.linkPath();
      Page signedIn = signIn(link, "alice");
      String token = csrf(signedIn);
      assertThat(post(link + "/confirm", own(), "csrf", token).status()).isEqualTo(200);

      Page again = post(link + "/confirm", own(), "csrf", token);
      Page opened = get(link);

      assertThat(again.status()).isEqualTo(409);
      assertThat(again.body()).contains("already used at 2026-11-24T08:00:00Z by alice");
      assertThat(opened.status()).isEqualTo(409);
      assertThat(ci.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aMissingOrWrongFormTokenIsRefused() {
      String link = relay.linkPath();
      signIn(link, "alice");

      assertThat(post(link + "/confirm", own()).status()).isEqualTo(403);
      assertThat(post(link + "/confirm", own(), "csrf", "guessed").status()).isEqualTo(403);
      assertThat(ci.getRequestCount()).isZero();
    }

    @Test
    void aCrossOriginPostIsRefusedEvenWithTheRightToken() {
      String link = relay.linkPath();
      Page signedIn = signIn(link, "alice");

      Page p = post(link + "/confirm", "https://evil.example", "csrf", csrf(signedIn));

      assertThat(p.status()).isEqualTo(403);
      assertThat(p.body()).contains("another site");
      assertThat(ci.getRequestCount()).isZero();
    }

    @Test
    void aUserWhoIsNotAnApproverIsRefused() {
      String link = relay.linkPath();
      Page signedIn = signIn(link, "bob");
      assertThat(signedIn.status()).isEqualTo(403);
      assertThat(signedIn.body()).contains("not an approver");

      Page p = post(link + "/confirm", own(), "csrf", csrf(get(link)));

      assertThat(p.status()).isEqualTo(403);
      assertThat(p.body()).contains("bob is not an approver of restore-price-file");
      assertThat(ci.getRequestCount()).isZero();
    }
  }

  @Nested
  class BadLinks {
    @Test
    void anExpiredLinkIs410() {
      String link = relay.linkPath();
      clock.advance(Duration.ofMinutes(31));

      Page p = get(link);

      assertThat(p.status()).isEqualTo(410);
      assertThat(p.body()).contains("Link expired", "Nothing was run");
    }

    @Test
    void junkTokensAndFormsAre4xxNever500() {
      for (String junk : new String[] {"x".repeat(9000), ".", "a.", ".b", "%00", "%E2%80%AE."}) {
        assertThat(get("/actions/approve/" + junk).status()).as(junk).isBetween(400, 499);
        assertThat(post("/actions/approve/" + junk + "/confirm", own(), "csrf", "x").status())
            .as(junk)
            .isBetween(400, 499);
      }
      assertThat(ci.getRequestCount()).isZero();
    }

    @Test
    void aForgedOrAlteredLinkIs403() {
      String link = relay.linkPath();
      String altered = Approvals.forged(link);

      assertThat(get(altered).status()).isEqualTo(403);
      assertThat(get("/actions/approve/not-a-token").body()).contains("Invalid link");
      assertThat(ci.getRequestCount()).isZero();
    }
  }

  /**
   * The same flow in a real browser at a phone's size, Debian's headless Chromium driven through
   * the DevTools protocol: open the link, sign in with the form, confirm.
   */
  @Nested
  class InChromium {
    @Test
    void anApproverSignsInAndConfirmsOnAPhoneSizedPage(@TempDir Path shots) throws Exception {
      try (ChromiumSession browser = Chromium.session(390, 844)) {
        browser.navigate(url(relay.linkPath()));
        assertThat(browser.text())
            .contains("Approve rollback: restore-price-file", "PriceZeroOrNegative", "••••••");
        assertThat(
                browser.evaluate("document.documentElement.scrollWidth <= 390 ? 'fits' : 'wide'"))
            .isEqualTo("fits");

        browser.fill("input[name=user]", "alice");
        browser.fill("input[name=password]", Approvals.PASSWORD);
        browser.clickAndWait("form button");
        assertThat(browser.text()).contains("Signed in as alice");
        Path png = shots.resolve("approval.png");
        browser.screenshot(png);
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(390);

        browser.clickAndWait("button.danger");

        assertThat(browser.text()).contains("Rollback started", "answered HTTP 201");
      }
      assertThat(ci.getRequestCount()).isEqualTo(1);
      assertThat(relay.notices).extracting(n -> n.title()).contains("Rollback started by alice");
    }
  }
}
