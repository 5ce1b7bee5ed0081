package io.marketplaceexporter.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.plugin.demo.DemoApprover;
import io.marketplaceexporter.support.Approvals;
import io.marketplaceexporter.support.Chromium;
import io.marketplaceexporter.support.ChromiumSession;
import io.marketplaceexporter.web.WebSecurity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Cookie;
import okhttp3.CookieJar;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 tried as a new user would: {@code --demo} without any configuration offers the rollback
 * loop against the sandbox. The demo page stands in for Prometheus, Alertmanager and the robot; the
 * approval page, the action and the demo's rollback target are the real ones, over real HTTP.
 */
class DemoRollbackLoopTest {
  /** What a browser holds: the last cookie of each name the exporter set (the approval session). */
  private final List<Cookie> jar = new CopyOnWriteArrayList<>();

  private final OkHttpClient http =
      new OkHttpClient.Builder()
          .followRedirects(false)
          .callTimeout(Duration.ofSeconds(30))
          .cookieJar(
              new CookieJar() {
                @Override
                public void saveFromResponse(HttpUrl url, List<Cookie> cookies) {
                  for (Cookie c : cookies) {
                    jar.removeIf(k -> k.name().equals(c.name()) && k.path().equals(c.path()));
                    jar.add(c);
                  }
                }

                @Override
                public List<Cookie> loadForRequest(HttpUrl url) {
                  return jar.stream().filter(c -> c.matches(url)).toList();
                }
              })
          .build();

  private Exporter exporter;

  @AfterEach
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** {@code --demo} as Main runs it, on a loopback port, with no incident playing by itself. */
  private void startDemo(String yaml) {
    ExporterConfig config = ConfigLoader.parse(yaml);
    config = config.withWeb(config.web().withListenAddress("127.0.0.1:0"));
    Launcher.DemoRun run =
        Launcher.demo(config, WebSecurity.none(), Duration.ofMillis(100), DemoScenario.quiet());
    exporter =
        Exporter.createForTest(run.config(), run.options(), Map.of(), Clock.systemUTC()).start();
  }

  private String url(String path) {
    return path.startsWith("http") ? path : "http://127.0.0.1:" + exporter.port() + path;
  }

  record Page(int status, String body) {}

  private Page call(Request.Builder b) {
    try (Response r = http.newCall(b.build()).execute()) {
      return new Page(r.code(), r.body().string());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Page get(String path) {
    return call(new Request.Builder().url(url(path)));
  }

  private Page post(String path, RequestBody body) {
    return call(new Request.Builder().url(url(path)).post(body));
  }

  private Page form(String path, String... pairs) {
    FormBody.Builder f = new FormBody.Builder();
    for (int i = 0; i < pairs.length; i += 2) {
      f.add(pairs[i], pairs[i + 1]);
    }
    return post(path, f.build());
  }

  private static String find(String regex, String body) {
    Matcher m = Pattern.compile(regex).matcher(body);
    assertThat(m.find()).as("%s in %s", regex, body).isTrue();
    return m.group(1).replace("&amp;", "&");
  }

  /** Opens {@code link} and signs in with its form as {@code user}. */
  private Page signIn(String link, String user, String password) {
    Page open = get(link);
    return form(
        link + "/sign-in",
        "csrf",
        find("name=\"csrf\" value=\"([^\"]+)\"", open.body()),
        "user",
        user,
        "password",
        password);
  }

  private void playZeroPriceOnAcmeOutlet() {
    Page started =
        post(
            "/api/v1/demo/incidents",
            RequestBody.create(
                "{\"incident\":\"zero_price\",\"shop\":\"acme-outlet\",\"duration\":\"5m\"}",
                okhttp3.MediaType.get("application/json")));
    assertThat(started.status()).isEqualTo(202);
  }

  @Nested
  class InDemoMode {
    @Test
    void anIncidentIsAskedForApprovedAsTheDemoApproverAndEndedAndTheGroupIsTold() {
      startDemo("");
      playZeroPriceOnAcmeOutlet();
      assertThat(get("/").body()).contains("href=\"/demo/rollback\"");

      Page demo = get("/demo/rollback");
      assertThat(demo.body()).contains("zero_price", "acme-outlet", "PriceZeroOrNegative");
      String password = find("<code class=\"password\">([^<]+)</code>", demo.body());
      Page asked = get(find("<a class=\"ask\" href=\"([^\"]+)\"", demo.body()));
      assertThat(asked.body())
          .contains("[FIRING:1] PriceZeroOrNegative", "Approve rollback: demo-rollback");
      String link = find("<a class=\"button\" href=\"([^\"]+)\"", asked.body());
      assertThat(link).startsWith(url("/actions/approve/"));

      assertThat(get(link).body())
          .contains("demo-rollback", "/api/v1/demo/rollbacks", "acme-outlet");
      Page signedIn = signIn(link, "demo", password);
      assertThat(signedIn.status()).isEqualTo(303);
      Page approving = get(link);
      assertThat(approving.body()).contains("Signed in as <b>demo</b>");
      Page done =
          form(
              link + "/confirm",
              "csrf",
              find("name=\"csrf\" value=\"([^\"]+)\"", approving.body()));

      assertThat(done.status()).as(done.body()).isEqualTo(200);
      assertThat(done.body()).contains("Rollback started", "answered HTTP 200");
      assertThat(get("/api/v1/demo/incidents").body()).doesNotContain("zero_price");
      assertThat(get("/api/v1/changes").body()).contains("rollback", "demo-rollback");
      assertThat(get("/demo/rollback").body())
          .contains("Rollback started by demo", "Rollback request accepted");
    }

    @Test
    void aWrongPasswordForTheDemoApproverIsRefused() {
      startDemo("");
      playZeroPriceOnAcmeOutlet();
      String asked = get("/demo/rollback?incident=zero_price&shop=acme-outlet").body();
      String link = find("<a class=\"button\" href=\"([^\"]+)\"", asked);
      Page refused = signIn(link, "demo", "guessed");
      assertThat(refused.status()).isEqualTo(401);
      assertThat(get("/api/v1/demo/incidents").body()).contains("zero_price");
    }

    @Test
    void anUnknownIncidentOrShopShowsThePageWithoutAMessage() {
      startDemo("");
      playZeroPriceOnAcmeOutlet();
      for (String query :
          new String[] {
            "?incident=fire&shop=acme-outlet",
            "?incident=zero_price&shop=%3Cscript%3E",
            "?incident=%00&shop=",
            "?shop=acme-outlet"
          }) {
        Page p = get("/demo/rollback" + query);
        assertThat(p.status()).as(query).isEqualTo(200);
        assertThat(p.body()).as(query).doesNotContain("Approve rollback", "<script>");
      }
    }

    @Test
    void theLandingPageAndTheMetricsStayOpenWithTheDemoApprover() {
      startDemo("");
      assertThat(get("/").status()).isEqualTo(200);
      assertThat(get("/metrics").status()).isEqualTo(200);
    }

    @Test
    void theConfigurationsOwnActionsAreKeptAndNoDemoApproverIsAdded() {
      ExporterConfig own = Approvals.config("");
      Launcher.DemoRun run =
          Launcher.demo(own, WebSecurity.none(), Duration.ofSeconds(1), DemoScenario.quiet());
      assertThat(run.config().actions()).isEqualTo(own.actions());
      assertThat(run.options().web().users()).doesNotContain(DemoApprover.USER);
    }
  }

  @Nested
  class OutsideDemoMode {
    @Test
    void theDemoApproverIsNoUserAndCannotSignIn(@TempDir Path dir) {
      Approvals.FakeRelay relay = new Approvals.FakeRelay();
      ExporterConfig config = Approvals.config("");
      exporter =
          Exporter.createForTest(
                  config.withWeb(config.web().withListenAddress("127.0.0.1:0")),
                  relay.options(Approvals.users(dir)),
                  Approvals.env("http://127.0.0.1:9/job"),
                  Clock.systemUTC())
              .start();
      String link = relay.linkPath();
      Page refused = signIn(link, DemoApprover.USER, DemoApprover.generate().password());
      assertThat(refused.status()).isEqualTo(401);
      assertThat(WebSecurity.none().verifyPassword(DemoApprover.USER, "")).isFalse();
      assertThat(Approvals.users(dir).users()).doesNotContain(DemoApprover.USER);
    }
  }

  @Nested
  class InChromium {
    @Test
    void aNewUserClicksThroughTheLoopOnAPhoneSizedPage() {
      startDemo("");
      playZeroPriceOnAcmeOutlet();
      try (ChromiumSession browser = Chromium.session(390, 844)) {
        browser.navigate(url("/"));
        browser.clickAndWait("a[href='/demo/rollback']");
        String password = browser.evaluate("document.querySelector('code.password').textContent");
        browser.clickAndWait("a.ask");
        assertThat(browser.text()).contains("Approve rollback: demo-rollback");
        browser.clickAndWait("a.button");
        browser.fill("input[name=user]", "demo");
        browser.fill("input[name=password]", password);
        browser.clickAndWait("form button");
        assertThat(browser.text()).contains("Signed in as demo");
        browser.clickAndWait("button.danger");
        assertThat(browser.text()).contains("Rollback started");
        browser.navigate(url("/demo/rollback"));
        assertThat(browser.text()).contains("Rollback started by demo").doesNotContain("Ask for");
      }
    }
  }
}
