package io.marketplaceexporter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.model.Vocabulary.ListingStatus;
import io.marketplaceexporter.sources.HttpClients;
import io.marketplaceexporter.sources.Source;
import io.marketplaceexporter.sources.SourceScheduler;
import io.marketplaceexporter.sources.Sources;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Issue 19: the connectors pointed at the sandbox count every shop's listings from the one listing
 * state the ERP reports too, the {@code listings_taken_down} fault included. (The searches' shapes
 * against the official fixtures are in {@link SandboxConformanceTest}.)
 */
class SandboxListingsTest {
  final SourcesTestSupport t = new SourcesTestSupport();
  final Sandbox sandbox = new Sandbox(t.clock, Duration.ofMinutes(30)).start("127.0.0.1", 0);

  @AfterEach
  void tearDown() {
    sandbox.close();
  }

  @Nested
  class Connectors {
    /** The marketplace shops' sources, each counting its listings every minute. */
    List<Source> sources() {
      StringBuilder yaml = new StringBuilder();
      String all =
          SandboxConfig.marketplaceYaml(
              SandboxShop.defaults().subList(0, 6), sandbox.url(), "10s", SourcesTestSupport.NOW);
      for (String source : all.split("(?=\\n\\s*- name: )")) {
        String shop = source.replaceAll("(?s).*shop: \"([^\"]+)\".*", "$1");
        String extra =
            "listings_interval: 1m, "
                + (source.contains("type: amazon") ? "seller_id: " + shop + ", " : "");
        yaml.append(source.replace("options: {", "options: {" + extra));
      }
      return Sources.create(
          SourcesTestSupport.configs(yaml.toString()),
          Map.of(),
          t.ingest,
          HttpClients.shared(),
          t.clock);
    }

    long listed(String shop, ListingStatus status) {
      return (long) t.value("marketplace_listings", "shop", shop, "status", status.label());
    }

    /** What each connector counts: the sandbox's state; Amazon has no review state. */
    void assertCountsOfEveryShop() {
      for (SandboxShop s : SandboxShop.defaults().subList(0, 6)) {
        Map<ListingStatus, Long> c = ShopListings.of(sandbox, s);
        boolean amazon = s.marketplace().equals("amazon");
        long review = c.get(ListingStatus.UNDER_REVIEW);
        assertThat(listed(s.shop(), ListingStatus.ACTIVE))
            .as(s.shop())
            .isEqualTo(c.get(ListingStatus.ACTIVE));
        assertThat(listed(s.shop(), ListingStatus.INACTIVE))
            .as(s.shop())
            .isEqualTo(c.get(ListingStatus.INACTIVE) + (amazon ? review : 0));
        assertThat(listed(s.shop(), ListingStatus.UNDER_REVIEW))
            .as(s.shop())
            .isEqualTo(amazon ? 0 : review);
        assertThat(listed(s.shop(), ListingStatus.SUPPRESSED))
            .as(s.shop())
            .isEqualTo(c.get(ListingStatus.SUPPRESSED));
      }
    }

    @Test
    void everyConnectorCountsItsShopsListingsAndTheTakedownFaultShows() {
      List<Source> sources = sources();
      SourceScheduler scheduler = t.scheduler(sources);
      sources.forEach(scheduler::pollOnce);
      assertCountsOfEveryShop();
      assertThat(listed("shop_220041", ListingStatus.SUPPRESSED)).isZero();

      sandbox.faults().add(FaultKind.LISTINGS_TAKEN_DOWN, null, Duration.ofMinutes(5), null);
      t.clock.advance(Duration.ofMinutes(1));
      sources.forEach(scheduler::pollOnce);

      assertCountsOfEveryShop();
      assertThat(listed("shop_220041", ListingStatus.SUPPRESSED)).as("30% of 340").isEqualTo(102);
      assertThat(listed("7495623318", ListingStatus.SUPPRESSED)).as("30% of 550").isEqualTo(165);
    }
  }
}
