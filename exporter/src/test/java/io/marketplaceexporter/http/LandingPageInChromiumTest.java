package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.Launcher;
import io.marketplaceexporter.config.AuthConfig;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.WebConfig;
import io.marketplaceexporter.demo.DemoIncidents;
import io.marketplaceexporter.demo.Incident;
import io.marketplaceexporter.json.JsonMappers;
import io.marketplaceexporter.support.Chromium;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The landing page of the exporter in demo mode (as {@code --demo} builds it, on the system clock)
 * in a real browser, Debian's headless Chromium, at a phone's size: the demo's sources are listed
 * and every shop an incident plays against is flagged in trouble, in red where critical.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LandingPageInChromiumTest {
  static final int PHONE_WIDTH = 390;
  static final int PHONE_HEIGHT = 844;

  /** Each demo incident, the shop the built-in scenario plays it against, and what shows. */
  static final Map<String, String> INCIDENT_SHOPS = new LinkedHashMap<>();

  static {
    INCIDENT_SHOPS.put(DemoIncidents.SHOPS.get(0), "price_zero"); // zero_price
    INCIDENT_SHOPS.put(DemoIncidents.SHOPS.get(1), "price_anomaly"); // price_drop
    INCIDENT_SHOPS.put(DemoIncidents.SHOPS.get(2), "quota"); // throttling
    INCIDENT_SHOPS.put(DemoIncidents.SHOPS.get(3), "negative_stock"); // negative_stock
    INCIDENT_SHOPS.put(DemoIncidents.SHOPS.get(4), "token"); // token_expiring
    INCIDENT_SHOPS.put(DemoIncidents.SHOPS.get(5), "order_failures"); // deploy_regression
    INCIDENT_SHOPS.put(DemoIncidents.SHOPS.get(6), "sync"); // stalled_sync
  }

  final OkHttpClient http =
      new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).followRedirects(false).build();
  Exporter exporter;
  String url;
  JsonNode status;

  @BeforeAll
  void startTheDemoAndWaitForItsIncidents() throws Exception {
    ExporterConfig config =
        ExporterConfig.defaults()
            .withWeb(WebConfig.defaults().withListenAddress("127.0.0.1:0"))
            .withAuth(new AuthConfig(List.of(), true));
    exporter =
        Exporter.createForTest(
                config, Launcher.demo(Duration.ofMillis(200)), Map.of(), Clock.systemUTC())
            .start();
    url = "http://127.0.0.1:" + exporter.port() + "/";
    // The scenario starts four incidents at once and the other three within two minutes: start
    // those now, against the scenario's shops, as POST /api/v1/demo/incidents would.
    trigger(Incident.THROTTLING, DemoIncidents.SHOPS.get(2));
    trigger(Incident.DEPLOY_REGRESSION, DemoIncidents.SHOPS.get(5));
    // A drop needs a usual price to drop from: start it once the ERP catalog has been polled (its
    // answer holds every shop's prices; the zero prices of the first shop show it has).
    awaitStatus(
        s -> shops(s).getOrDefault(DemoIncidents.SHOPS.get(0), List.of()).contains("price_zero"));
    trigger(Incident.PRICE_DROP, DemoIncidents.SHOPS.get(1));
    status = awaitStatus(s -> missing(s).isEmpty());
    assertThat(missing(status)).as("incident shops not flagged in /status.json").isEmpty();
  }

  @AfterAll
  void stop() {
    if (exporter != null) {
      exporter.close();
    }
  }

  /**
   * Starts {@code incident} on {@code shop} for ten minutes, as a user does: through the demo API.
   */
  private void trigger(Incident incident, String shop) throws IOException {
    String body =
        JsonMappers.standard()
            .writeValueAsString(
                Map.of("incident", incident.label(), "shop", shop, "duration", "10m"));
    Request post =
        new Request.Builder()
            .url(url + "api/v1/demo/incidents")
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response r = http.newCall(post).execute()) {
      assertThat(r.code()).as("POST /api/v1/demo/incidents %s", body).isBetween(200, 299);
    }
  }

  JsonNode get(String path) throws IOException {
    try (Response r = http.newCall(new Request.Builder().url(url + path).build()).execute()) {
      return JsonMappers.standard().readTree(r.body().string());
    }
  }

  /** Polls {@code /status.json} until {@code done} holds or 90 seconds passed; the last answer. */
  JsonNode awaitStatus(java.util.function.Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    JsonNode s = get("status.json");
    while (!done.test(s) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      s = get("status.json");
    }
    return s;
  }

  /** Shop id to the kinds of its troubles. */
  static Map<String, List<String>> shops(JsonNode status) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (JsonNode shop : status.path("shops")) {
      List<String> kinds = new ArrayList<>();
      shop.path("troubles").forEach(t -> kinds.add(t.path("kind").asText()));
      out.put(shop.path("shop").asText(), kinds);
    }
    return out;
  }

  /** The incident shops not (yet) flagged with the trouble their incident causes. */
  static List<String> missing(JsonNode status) {
    Map<String, List<String>> shops = shops(status);
    return INCIDENT_SHOPS.entrySet().stream()
        .filter(e -> !shops.getOrDefault(e.getKey(), List.of()).contains(e.getValue()))
        .map(e -> e.getKey() + " (" + e.getValue() + ")")
        .toList();
  }

  @Nested
  class TheDom {
    @Test
    void listsEverySourceOfTheDemoAndFlagsEachIncidentShopInTrouble() {
      String dom = Chromium.dumpDom(url);

      List<String> sources = new ArrayList<>();
      status.path("sources").forEach(s -> sources.add(s.path("name").asText()));
      assertThat(sources).contains("amazon-us", "shopee-sg", "tiktok-us", "erp-sync", "erp-orders");
      for (String source : sources) {
        assertThat(dom).contains("data-source=\"" + source + "\"");
      }
      Matcher m =
          Pattern.compile(
                  "<article class=\"shop trouble (critical|warning)-shop\" data-shop=\"([^\"]+)\"")
              .matcher(dom);
      List<String> flagged = new ArrayList<>();
      while (m.find()) {
        flagged.add(m.group(2));
      }
      assertThat(flagged).containsAll(INCIDENT_SHOPS.keySet());
      assertThat(dom).contains("SKUs priced at zero or below", "demo mode");
    }
  }

  @Nested
  class TheScreenshot {
    @TempDir Path dir;

    @Test
    void atPhoneSizeShowsTheCriticalRedOfTheIncidents() throws IOException {
      Path png = dir.resolve("landing.png");

      Chromium.screenshot(url, png, PHONE_WIDTH, PHONE_HEIGHT);

      assertThat(png).isRegularFile();
      BufferedImage image = ImageIO.read(png.toFile());
      assertThat(image.getWidth()).isEqualTo(PHONE_WIDTH);
      assertThat(image.getHeight()).isEqualTo(PHONE_HEIGHT);
      int red = Integer.parseInt(StatusPage.CRITICAL_RED.substring(1), 16);
      int count = 0;
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          count += (image.getRGB(x, y) & 0xFFFFFF) == red ? 1 : 0;
        }
      }
      assertThat(count).as("pixels in the critical red").isGreaterThan(1000);
      Files.copy(
          png,
          Path.of("target", "landing-page-phone.png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
