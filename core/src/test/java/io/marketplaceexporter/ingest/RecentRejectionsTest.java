package io.marketplaceexporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.status.RejectedEvent;
import io.marketplaceexporter.support.Fixture;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The ring of the last rejected events the status page shows. */
class RecentRejectionsTest {
  final Fixture f = Fixture.create();

  List<RejectedEvent> kept() {
    return f.ingest.rejections().newestFirst();
  }

  @Nested
  class WhatIsKept {
    @Test
    void theFieldAndProblemOfEachRejectedEventNewestFirst() {
      f.send(
          "{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\"s\",\"outcome\":\"maybe\"}");
      f.send(
          "{\"type\":\"token\",\"marketplace\":\"amazon\",\"shop\":\"s\",\"token\":\"refresh\"}");
      f.send(
          "{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\"s\",\"outcome\":\"success\"}");

      assertThat(kept())
          .extracting(RejectedEvent::type, RejectedEvent::field, RejectedEvent::origin)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("token", "expires_at", "push"),
              org.assertj.core.groups.Tuple.tuple("order", "outcome", "push"));
      assertThat(kept().get(0).problem()).startsWith("is required");
      assertThat(kept().get(0).at()).isEqualTo(f.clock.instant());
    }

    @Test
    void onlyTheLastFifty() {
      for (int i = 0; i < 60; i++) {
        f.send("{\"type\":\"fire\",\"n\":" + i + "}");
      }
      assertThat(kept()).hasSize(RecentRejections.CAPACITY);
    }

    @Test
    void severalProblemsOfOneEventAreOneEntryThatSaysHowManyMore() {
      f.send("{\"type\":\"order\"}");
      assertThat(kept()).hasSize(1);
      assertThat(kept().get(0).problem()).containsPattern("\\(and \\d+ more problems\\)");
    }
  }

  @Nested
  class Secrets {
    static final String SECRET = "sk_live_51Hx9TqLmN0pQrStUvWxYz";

    @Test
    void aTokenShapedFieldNameIsMaskedAndNoValueOfTheEventIsKept() {
      f.send(
          "{\"type\":\"order\",\"marketplace\":\"amazon\",\"shop\":\"s\",\"outcome\":\"success\","
              + "\""
              + SECRET
              + "\":1}");
      f.send(
          "{\"type\":\"token\",\"marketplace\":\"amazon\",\"shop\":\"s\",\"token\":\""
              + SECRET
              + "\",\"expires_at\":1798099200}");

      assertThat(kept()).extracting(RejectedEvent::field).containsExactly("token", "***");
      assertThat(kept().toString()).doesNotContain(SECRET).doesNotContain("sk_live");
    }

    @Test
    void aLongFieldNameIsCutShort() {
      f.send("{\"type\":\"order\",\"" + "x".repeat(500) + "\":1}");
      assertThat(kept()).allSatisfy(e -> assertThat(e.field().length()).isLessThanOrEqualTo(64));
    }
  }
}
