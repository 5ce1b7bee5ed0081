package io.marketplaceexporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.state.ShopKey;
import io.marketplaceexporter.state.Vocabulary.TokenKind;
import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.TestClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events on replica 1 of 3, which owns lazada/TH/lzd_th_5520 but not amazon/US/A2EUQ1WTGCTBG2
 * (shard 2).
 */
class ShardedEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Fixture f =
      new Fixture(
          ConfigLoader.parse("shard: {index: 1, count: 3}"), TestClock.at("2026-11-24T08:00:00Z"));

  private static List<JsonNode> events(String... json) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String j : json) {
      out.add(JSON.readTree(j));
    }
    return out;
  }

  private static final String OWN =
      "{\"type\":\"order\",\"marketplace\":\"lazada\",\"site\":\"TH\",\"shop\":\"lzd_th_5520\",\"outcome\":\"success\"}";
  private static final String FOREIGN =
      "{\"type\":\"order\",\"marketplace\":\"amazon\",\"site\":\"US\",\"shop\":\"A2EUQ1WTGCTBG2\",\"outcome\":\"success\"}";
  private static final String CHANGE =
      "{\"type\":\"change\",\"service\":\"erp\",\"kind\":\"deploy\"}";

  @Test
  void polledEventsOfOtherShardsAreLeftToTheirOwnersWithoutAnError() throws Exception {
    IngestResult r = f.ingest.ingestPolled(events(OWN, FOREIGN, CHANGE));

    assertThat(r.accepted()).isEqualTo(2);
    assertThat(r.misdirected()).isZero();
    assertThat(r.errors()).isEmpty();
    assertThat(f.scrape().samples("marketplace_orders_total"))
        .isNotEmpty()
        .allSatisfy(s -> assertThat(s.labels()).containsEntry("shop", "lzd_th_5520"));
    assertThat(f.ingest.misdirected()).isZero();
  }

  @Test
  void pushedEventsOfOtherShardsAreMisdirected() throws Exception {
    IngestResult r = f.ingest.ingest(events(OWN, FOREIGN));

    assertThat(r.accepted()).isEqualTo(1);
    assertThat(r.misdirected()).isEqualTo(1);
    assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.shard()).isEqualTo(2));
    assertThat(r.soleOwner()).isEqualTo(-1);
    assertThat(f.ingest.misdirected()).isEqualTo(1);
  }

  @Test
  void connectorEventsOfOtherShardsAreNotApplied() {
    f.ingest.apply(
        new Event.Token(new ShopKey("amazon", "US", "A2EUQ1WTGCTBG2"), TokenKind.ACCESS, 2e9));

    assertThat(f.scrape().samples("marketplace_token_expiry_timestamp_seconds")).isEmpty();
  }
}
