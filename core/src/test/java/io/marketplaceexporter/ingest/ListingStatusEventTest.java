package io.marketplaceexporter.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.TestClock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Issue 19: the {@code listing_status} event and {@code marketplace_listings}. */
class ListingStatusEventTest {
  static final String SHOP = "\"marketplace\":\"shopee\",\"site\":\"SG\",\"shop\":\"201558\"";

  static final String STATUSES = "one of active, inactive, under_review, suppressed";

  static String listings(String counts) {
    return "{\"type\":\"listing_status\"," + SHOP + ",\"counts\":" + counts + "}";
  }

  static Double listed(Fixture f, String status) {
    return f.value(
        "marketplace_listings",
        "marketplace",
        "shopee",
        "site",
        "SG",
        "shop",
        "201558",
        "status",
        status);
  }

  @Nested
  class Accepted {
    final Fixture f = Fixture.create();

    @Test
    void everyStatusIsExposedAndAStatusLeftOutCountsZero() {
      IngestResult r = f.send(listings("{\"active\":1180,\"under_review\":12}"));

      assertThat(r.accepted()).isEqualTo(1);
      assertThat(listed(f, "active")).isEqualTo(1180.0);
      assertThat(listed(f, "inactive")).isEqualTo(0.0);
      assertThat(listed(f, "under_review")).isEqualTo(12.0);
      assertThat(listed(f, "suppressed")).isEqualTo(0.0);
      assertThat(OneWritePathTest.counted(f, "listing_status", "accepted")).isEqualTo(1.0);
    }

    @Test
    void theNextCountReplacesTheLastWhole() {
      f.send(listings("{\"active\":1180,\"under_review\":12}"));

      f.send(listings("{\"active\":700,\"suppressed\":480}"));

      assertThat(listed(f, "active")).isEqualTo(700.0);
      assertThat(listed(f, "under_review")).as("not in the new count").isEqualTo(0.0);
      assertThat(listed(f, "suppressed")).isEqualTo(480.0);
    }

    @Test
    void aShopWithNoListingsAtAllIsACountOfZeroes() {
      assertThat(f.send(listings("{}")).accepted()).isEqualTo(1);

      assertThat(f.scrape().samples("marketplace_listings"))
          .hasSize(4)
          .allSatisfy(s -> assertThat(s.value()).isZero());
    }
  }

  @Nested
  class Rejected {
    final Fixture f = Fixture.create();

    @Test
    void aBadEntryIsNamedWithItsIndexAndTheRestOfTheBatchIsApplied() {
      IngestResult r =
          f.send(
              "["
                  + NothingSilentlyLostTest.order("S1", "a")
                  + ","
                  + listings("{\"active\":5,\"banned\":3}")
                  + ","
                  + listings("{\"active\":-1,\"inactive\":2.5,\"suppressed\":\"3\"}")
                  + ","
                  + "{\"type\":\"listing_status\","
                  + SHOP
                  + "}"
                  + ","
                  + listings("[1,2]")
                  + ","
                  + listings("{\"active\":9}")
                  + "]");

      assertThat(r.accepted()).isEqualTo(2);
      assertThat(r.rejected()).isEqualTo(4);
      assertThat(r.errors())
          .extracting(FieldError::index, FieldError::field, FieldError::message)
          .containsExactly(
              tuple(1, "counts.banned", "unknown key: must be " + STATUSES),
              tuple(2, "counts.active", "must be between 0 and 1000000000"),
              tuple(2, "counts.inactive", "must be a whole number"),
              tuple(2, "counts.suppressed", "must be a whole number"),
              tuple(3, "counts", "is required: an object of counts keyed by " + STATUSES),
              tuple(4, "counts", "must be an object of counts keyed by " + STATUSES));
      assertThat(listed(f, "active")).as("the valid count of the batch").isEqualTo(9.0);
      assertThat(NothingSilentlyLostTest.orders(f, "US", "S1", "success")).isEqualTo(1.0);
      assertThat(OneWritePathTest.counted(f, "listing_status", "rejected")).isEqualTo(4.0);
    }

    @Test
    void anUnknownFieldIsNamedSoATypoNeverDropsData() {
      IngestResult r = f.send(listings("{\"active\":1}").replace("\"counts\"", "\"count\""));

      assertThat(r.errors())
          .extracting(FieldError::field)
          .containsExactlyInAnyOrder("count", "counts");
      assertThat(f.scrape().samples("marketplace_listings")).isEmpty();
    }

    @Test
    void aShopWhoseSeriesFindTheMetricFullIsRejectedNamingTheShop() {
      Fixture tight =
          new Fixture(
              ConfigLoader.parse("limits:\n  max_series_per_metric: 4\n"),
              TestClock.at("2026-11-24T08:00:00Z"));
      tight.send(listings("{\"active\":1}"));

      IngestResult r = tight.send(listings("{\"active\":1}").replace("201558", "other"));

      assertThat(r.rejected()).isEqualTo(1);
      assertThat(r.errors().get(0).field()).isEqualTo("shop");
      assertThat(r.errors().get(0).message())
          .startsWith("series limit reached: marketplace_listings");
      assertThat(tight.scrape().samples("marketplace_listings")).hasSize(4);
    }
  }
}
