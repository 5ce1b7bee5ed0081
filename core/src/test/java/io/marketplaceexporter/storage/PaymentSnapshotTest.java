package io.marketplaceexporter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.ingest.PaymentEventsTest;
import io.marketplaceexporter.support.Fixture;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unmatched payments survive a restart through the state snapshot (issue 19). */
class PaymentSnapshotTest {
  static final String START = "2026-11-24T08:00:00Z";
  static final String[] NEW_GATEWAY = {
    "marketplace", "shopee", "site", "SG", "shop", "S1", "gateway", "gw-new"
  };

  static String payment(String id, String status, String extra) {
    return PaymentEventsTest.payment("gw-new", id, status, extra);
  }

  @TempDir Path dir;

  static Fixture fixture(String yaml) {
    return new Fixture(ConfigLoader.parse(yaml), TestClock.at(START));
  }

  static StateStore store(Fixture f, Path dir) {
    return new StateStore(
        dir, Duration.ofSeconds(5), f.state, f.ingest, new StorageMetrics(f.registry), f.clock);
  }

  /** Two payments captured 10 and 5 minutes before the start, one matched, one refunded. */
  Fixture written(String yaml) {
    Fixture f = fixture(yaml);
    String at = ",\"captured_at\":\"2026-11-24T07:";
    f.send(
        "["
            + payment("P1", "captured", at + "50:00Z\"")
            + ","
            + payment("P2", "captured", at + "55:00Z\"")
            + ","
            + payment("P3", "captured", at + "56:00Z\"")
            + ","
            + payment("P4", "captured", at + "57:00Z\"")
            + ","
            + payment("P3", "matched", ",\"order_id\":\"O-3\"")
            + ","
            + payment("P4", "refunded", "")
            + "]");
    assertThat(store(f, dir).writeIfChanged()).isTrue();
    return f;
  }

  @Nested
  class Restart {
    @Test
    void unmatchedPaymentsAndTheirAgeComeBackAndTheCountersRestartAtZero() {
      written("");

      Fixture after = fixture("");
      after.clock.advance(Duration.ofMinutes(2));
      store(after, dir).restore();

      MetricsText m = after.scrape();
      assertThat(m.value("marketplace_payments_unmatched", NEW_GATEWAY)).isEqualTo(2.0);
      assertThat(m.value("marketplace_payment_oldest_unmatched_age_seconds", NEW_GATEWAY))
          .as("10 minutes before the snapshot, 2 minutes later")
          .isEqualTo(720.0);
      assertThat(m.value("marketplace_exporter_state_restored_items", "kind", "payments"))
          .isEqualTo(2.0);
      assertThat(m.value("marketplace_exporter_tracked_payments")).isEqualTo(2.0);
      assertThat(m.samples("marketplace_payments_total"))
          .allSatisfy(s -> assertThat(s.value()).isZero());

      after.send(payment("P1", "matched", ",\"order_id\":\"O-1\""));
      assertThat(after.value("marketplace_payment_oldest_unmatched_age_seconds", NEW_GATEWAY))
          .as("a match after the restart still ends the payment")
          .isEqualTo(420.0);
    }

    @Test
    void theCapAppliesToRestoredPaymentsToo() {
      written("");

      Fixture after = fixture("limits:\n  max_unmatched_payments_per_shop: 1\n");
      store(after, dir).restore();

      assertThat(after.value("marketplace_payments_unmatched", NEW_GATEWAY)).isEqualTo(1.0);
      assertThat(after.value("marketplace_exporter_tracked_payments_dropped_total")).isEqualTo(1.0);
    }
  }
}
