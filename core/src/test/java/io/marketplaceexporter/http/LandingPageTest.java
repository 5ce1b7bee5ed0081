package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.json.JsonMappers;
import io.marketplaceexporter.support.RunningExporter;
import io.marketplaceexporter.support.RunningExporter.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code GET /} and {@code GET /status.json} on a running exporter fed over the ingest API. */
class LandingPageTest {
  static final String SECRET = "Atza|IwEBIJ3xq9Lm2Np4Qr6St8Uv0Wx2Yz4Ab6Cd8Ef0";

  final RunningExporter server = RunningExporter.start("", Map.of(), Exporter.Options.plain());

  @AfterEach
  void stop() {
    server.close();
  }

  void send(String json) {
    assertThat(server.post("/api/v1/events", json).status()).isEqualTo(202);
  }

  /** Sends an event the exporter must reject: nothing applied, so the answer is 422. */
  void sendRejected(String json) {
    assertThat(server.post("/api/v1/events", json).status()).isEqualTo(422);
  }

  @Nested
  class Html {
    @Test
    void aShopNamedLikeAScriptIsShownEscapedAmongTheShopsInTrouble() {
      String shop = "<script>alert(document.cookie)</script>";
      send(
          "{\"type\":\"inventory\",\"marketplace\":\"ebay\",\"shop\":\""
              + shop
              + "\",\"sku\":\"S\",\"available\":-1}");

      Reply page = server.get("/");

      assertThat(page.status()).isEqualTo(200);
      assertThat(page.headers().get("Content-Type")).startsWith("text/html");
      assertThat(page.body())
          .doesNotContain(shop)
          .contains("&lt;script&gt;alert(document.cookie)&lt;/script&gt;")
          .contains("1 in trouble", "1 SKU with negative stock");
    }

    @Test
    void aRejectedEventShowsItsFieldAndProblemButNoSecretItCarried() {
      // A secret pasted where the token kind belongs: the problem must not echo it.
      sendRejected(
          "{\"type\":\"token\",\"marketplace\":\"amazon\",\"shop\":\"s\",\"token\":\""
              + SECRET
              + "\",\"expires_at\":1798099200}");

      String page = server.get("/").body();
      String json = server.get("/status.json").body();

      assertThat(page).contains("<code>token</code>", "must be one of access, refresh");
      for (String body : new String[] {page, json}) {
        assertThat(body).doesNotContain(SECRET).doesNotContain("IwEBIJ3xq9");
      }
    }
  }

  @Nested
  class StatusJson {
    @Test
    void theSameReportInSnakeCaseWithRfc3339Times() throws Exception {
      send(
          "{\"type\":\"price\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"z\","
              + "\"sku\":\"S\",\"price\":10,\"currency\":\"USD\"}");
      send(
          "{\"type\":\"price\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"z\","
              + "\"sku\":\"S\",\"price\":0,\"currency\":\"USD\"}");

      Reply r = server.get("/status.json");
      JsonNode j = JsonMappers.standard().readTree(r.body());

      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers().get("Content-Type")).startsWith("application/json");
      assertThat(j.path("generated_at").asText()).isEqualTo("2026-11-24T08:00:00Z");
      assertThat(j.path("shops_tracked").asInt()).isEqualTo(1);
      assertThat(j.path("shops_in_trouble").asInt()).isEqualTo(1);
      JsonNode shop = j.path("shops").get(0);
      assertThat(shop.path("shop").asText()).isEqualTo("z");
      assertThat(shop.path("troubles").get(0).path("kind").asText()).isEqualTo("price_zero");
      assertThat(j.path("sources").isArray()).isTrue();
      assertThat(j.path("queues").isArray()).isTrue();
    }
  }
}
