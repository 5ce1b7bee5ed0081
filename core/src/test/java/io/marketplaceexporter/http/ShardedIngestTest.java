package io.marketplaceexporter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.Exporter;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.RunningExporter;
import io.marketplaceexporter.support.RunningExporter.Reply;
import java.io.IOException;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Ingest on replica 0 of 3 (peers on loopback ports where nothing listens). Owners (FNV-1a 64 mod
 * 3): ebay//acme-outlet 0, lazada/TH/lzd_th_5520 1, amazon/US/A2EUQ1WTGCTBG2 and
 * shopee/SG/shop_220041 2.
 */
class ShardedIngestTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PEERS =
      "  peers: [\"http://127.0.0.1:19871\", \"http://127.0.0.1:19872\", \"http://127.0.0.1:19873\"]\n";
  private static final String OWN =
      "{\"type\":\"order\",\"marketplace\":\"ebay\",\"shop\":\"acme-outlet\",\"outcome\":\"success\"}";
  private static final String SHARD_1 =
      "{\"type\":\"price\",\"marketplace\":\"lazada\",\"site\":\"TH\",\"shop\":\"lzd_th_5520\",\"sku\":\"A\",\"price\":0}";
  private static final String SHARD_2 =
      "{\"type\":\"order\",\"id\":\"o-1\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"A2EUQ1WTGCTBG2\",\"outcome\":\"failure\",\"reason\":\"payment\"}";
  private static final String SHARD_2_TOO =
      "{\"type\":\"token\",\"marketplace\":\"shopee\",\"site\":\"SG\",\"shop\":\"shop_220041\",\"token\":\"refresh\",\"expires_at\":1900000000}";
  private static final String CHANGE =
      "{\"type\":\"change\",\"service\":\"erp-order-sync\",\"kind\":\"deploy\",\"version\":\"1\"}";

  private RunningExporter server;

  private RunningExporter start(boolean peers) {
    server =
        RunningExporter.start(
            "shard:\n  index: 0\n  count: 3\n" + (peers ? PEERS : ""),
            Map.of(),
            Exporter.Options.plain());
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static JsonNode json(Reply r) throws IOException {
    return JSON.readTree(r.body());
  }

  @Nested
  class AMixedBatch {
    @Test
    void appliesTheOwnEventsAndNamesTheOwnerOfEachOther() throws IOException {
      start(true);
      Reply r = server.post("/api/v1/events", "[" + OWN + "," + SHARD_1 + "," + SHARD_2 + "]");

      assertThat(r.status()).isEqualTo(202);
      JsonNode body = json(r);
      assertThat(body.get("accepted").asInt()).isEqualTo(1);
      assertThat(body.get("misdirected").asInt()).isEqualTo(2);
      assertThat(body.get("rejected").asInt()).isZero();
      JsonNode first = body.get("errors").get(0);
      assertThat(first.get("index").asInt()).isEqualTo(1);
      assertThat(first.get("field").asText()).isEqualTo("shop");
      assertThat(first.get("shard").asInt()).isEqualTo(1);
      assertThat(first.get("url").asText()).isEqualTo("http://127.0.0.1:19872");
      assertThat(first.get("message").asText())
          .contains(
              "lazada/TH/lzd_th_5520", "shard 1 of 3", "http://127.0.0.1:19872/api/v1/events");
      assertThat(body.get("errors").get(1).get("shard").asInt()).isEqualTo(2);

      MetricsText m = server.metrics();
      assertThat(m.value("marketplace_exporter_ingest_misdirected_events_total")).isEqualTo(2.0);
      assertThat(m.samples("marketplace_orders_total"))
          .allSatisfy(s -> assertThat(s.labels()).containsEntry("shop", "acme-outlet"));
      assertThat(m.samples("marketplace_price_anomalous_skus")).isEmpty();
    }

    @Test
    void withoutPeersNamesTheOwnerShardOnly() throws IOException {
      start(false);
      JsonNode body = json(server.post("/api/v1/events", "[" + OWN + "," + SHARD_1 + "]"));

      JsonNode error = body.get("errors").get(0);
      assertThat(error.get("shard").asInt()).isEqualTo(1);
      assertThat(error.has("url")).isFalse();
      assertThat(error.get("message").asText()).contains("send the event to shard 1");
    }

    @Test
    void acceptsChangeEventsWhichAreNoShopsState() throws IOException {
      start(false);
      JsonNode body = json(server.post("/api/v1/events", "[" + CHANGE + "," + SHARD_1 + "]"));

      assertThat(body.get("accepted").asInt()).isEqualTo(1);
      assertThat(body.get("misdirected").asInt()).isEqualTo(1);
      assertThat(server.metrics().samples("marketplace_change_last_timestamp_seconds"))
          .isNotEmpty();
    }
  }

  @Nested
  class ARequestForOneOtherShard {
    @Test
    void isRedirectedToTheOwnerWhenPeersAreKnown() throws IOException {
      start(true);
      // Not followed: the test checks the answer, and sends nothing to the peer.
      OkHttpClient noRedirects = server.http.newBuilder().followRedirects(false).build();
      Reply r;
      try (Response response =
          noRedirects
              .newCall(
                  new Request.Builder()
                      .url(server.url("/api/v1/events"))
                      .post(
                          RequestBody.create(
                              "[" + SHARD_2 + "," + SHARD_2_TOO + "]", RunningExporter.JSON))
                      .build())
              .execute()) {
        r = new Reply(response.code(), response.body().string(), response.headers());
      }

      assertThat(r.status()).isEqualTo(307);
      assertThat(r.headers().get("Location")).isEqualTo("http://127.0.0.1:19873/api/v1/events");
      JsonNode body = json(r);
      assertThat(body.get("shard").asInt()).isEqualTo(2);
      assertThat(body.get("accepted").asInt()).isZero();
      assertThat(server.metrics().samples("marketplace_orders_total")).isEmpty();
    }

    @Test
    void isAnswered421NamingTheOwnerWithoutPeers() throws IOException {
      start(false);
      Reply r = server.post("/api/v1/events", SHARD_2);

      assertThat(r.status()).isEqualTo(421);
      JsonNode body = json(r);
      assertThat(body.get("shard").asInt()).isEqualTo(2);
      assertThat(body.get("error").asText()).contains("shard 2 of 3");
      assertThat(body.get("errors").get(0).get("shard").asInt()).isEqualTo(2);
    }

    @Test
    void keepsTheEventIdsNewForTheOwner() throws IOException {
      start(false);
      server.post("/api/v1/events", SHARD_2);
      // The same id again is still misdirected, not a duplicate: the dedup window never saw it.
      JsonNode body = json(server.post("/api/v1/events", "[" + OWN + "," + SHARD_2 + "]"));

      assertThat(body.get("duplicates").asInt()).isZero();
      assertThat(body.get("misdirected").asInt()).isEqualTo(1);
    }

    @Test
    void isAnsweredHereNotRedirectedWhenOneEventIsInvalid() throws IOException {
      start(true);
      Reply r = server.post("/api/v1/events", "[" + SHARD_2 + ",{\"type\":\"order\"}]");

      assertThat(r.status()).as("the invalid event is named here, not sent on").isEqualTo(422);
      assertThat(json(r).get("rejected").asInt()).isEqualTo(1);
    }

    @Test
    void spanningTwoOtherShardsIsAnswered202WithPerEventOwners() throws IOException {
      start(true);
      Reply r = server.post("/api/v1/events", "[" + SHARD_1 + "," + SHARD_2 + "]");

      assertThat(r.status()).isEqualTo(202);
      assertThat(json(r).get("misdirected").asInt()).isEqualTo(2);
    }
  }

  @Test
  void exposesTheShard() {
    start(false);
    MetricsText m = server.metrics();
    assertThat(m.value("marketplace_exporter_shard_info", "index", "0", "count", "3"))
        .isEqualTo(1.0);
    assertThat(m.value("marketplace_exporter_shard_polled_shops")).isZero();
    assertThat(m.value("marketplace_exporter_ingest_misdirected_events_total")).isZero();
  }
}
