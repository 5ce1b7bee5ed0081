package io.marketplaceexporter.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.Fixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The status report as the exporter builds it from ingested events. */
class StatusModelTest {
  final Fixture f = Fixture.create();
  final StatusModel model =
      new StatusModel(
          f.state,
          List::of,
          RelayQueues.NONE,
          f.ingest.rejections()::newestFirst,
          "1.2.3",
          "abc123",
          false);

  static String shop(String marketplace, String shop) {
    return "\"marketplace\":\"" + marketplace + "\",\"site\":\"US\",\"shop\":\"" + shop + "\"";
  }

  void price(String shop, String sku, String price) {
    String event = "{\"type\":\"price\",%s,\"sku\":\"%s\",\"price\":%s,\"currency\":\"USD\"}";
    assertThat(f.send(event.formatted(shop, sku, price)).accepted()).isEqualTo(1);
  }

  List<String> troubled(StatusReport r) {
    return r.shops().stream().filter(ShopStatus::inTrouble).map(ShopStatus::shop).toList();
  }

  @Nested
  class Shops {
    @Test
    void shopsInTroubleComeFirstWorstFirstAndTheOthersFollow() {
      price(shop("amazon", "aaa-fine"), "SKU-1", "10");
      price(shop("amazon", "bbb-zero"), "SKU-1", "10");
      price(shop("amazon", "bbb-zero"), "SKU-1", "0");
      f.send(
          "{\"type\":\"inventory\","
              + shop("ebay", "ccc-oversold")
              + ",\"sku\":\"S\",\"available\":-2}");

      StatusReport r = model.report();

      assertThat(r.shopsTracked()).isEqualTo(3);
      assertThat(r.shopsInTrouble()).isEqualTo(2);
      assertThat(r.shops())
          .extracting(ShopStatus::shop)
          .containsExactly("bbb-zero", "ccc-oversold", "aaa-fine");
      assertThat(r.shops().get(0).severity()).isEqualTo(Trouble.CRITICAL);
      assertThat(r.shops().get(1).severity()).isEqualTo(Trouble.WARNING);
      assertThat(r.shops().get(2).inTrouble()).isFalse();
    }

    @Test
    void aShopIsBackToFineWhenItsPriceIsAgain() {
      price(shop("amazon", "bbb-zero"), "SKU-1", "10");
      price(shop("amazon", "bbb-zero"), "SKU-1", "0");
      assertThat(troubled(model.report())).containsExactly("bbb-zero");

      price(shop("amazon", "bbb-zero"), "SKU-1", "10");
      assertThat(troubled(model.report())).isEmpty();
    }

    @Test
    void throttlingAndOrderFailuresCountOnlyTheLastMinutes() {
      for (int i = 0; i < 20; i++) {
        f.send(
            "{\"type\":\"api_call\","
                + shop("shopee", "sg-1")
                + ",\"operation\":\"get_order_list\",\"status\":429}");
      }
      f.send(
          "{\"type\":\"order\","
              + shop("shopee", "sg-1")
              + ",\"outcome\":\"failure\",\"count\":3}");
      assertThat(model.report().shops().get(0).troubles())
          .extracting(Trouble::kind)
          .containsExactlyInAnyOrder("throttled", "order_failures");

      f.clock.advance(Duration.ofMinutes(11));
      assertThat(troubled(model.report())).as("ten minutes later").isEmpty();
    }

    @Test
    void aSyncWhoseLastRunFailedIsInTroubleUntilARunSucceeds() {
      String sync =
          "{\"type\":\"sync\","
              + shop("walmart", "10001234567")
              + ",\"system\":\"mabang\",\"job\":\"inventory\",\"outcome\":\"%s\",\"finished_at\":%d}";
      long now = f.clock.instant().getEpochSecond();
      f.send(sync.formatted("success", now - 120));
      f.send(sync.formatted("failure", now - 60));
      assertThat(troubled(model.report())).containsExactly("10001234567");

      f.send(sync.formatted("success", now));
      assertThat(troubled(model.report())).isEmpty();
    }
  }

  @Nested
  class Report {
    @Test
    void carriesTheVersionTheTimeAndWhatTheSuppliersSay() {
      Instant polled = f.clock.instant();
      SourceStatus source = new SourceStatus("amazon-us", SourceStatus.UP, polled, null, 0, polled);
      QueueStatus queue = new QueueStatus("dingtalk", "oncall", 1, 2, polled, null, 0);
      StatusModel m =
          new StatusModel(
              f.state, () -> List.of(source), () -> List.of(queue), List::of, "1.2.3", "abc", true);

      StatusReport r = m.report();

      assertThat(r.generatedAt()).isEqualTo(f.clock.instant());
      assertThat(r.version()).isEqualTo("1.2.3");
      assertThat(r.demo()).isTrue();
      assertThat(r.sources()).containsExactly(source);
      assertThat(r.queues()).containsExactly(queue);
    }
  }
}
