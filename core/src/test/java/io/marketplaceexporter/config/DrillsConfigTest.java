package io.marketplaceexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DrillsConfigTest {
  @Nested
  class Defaults {
    @Test
    void theDrillShopIsOneEventsMayNameAndDrillsAreOn() {
      DrillsConfig d = ConfigLoader.parse("").drills();
      assertThat(d.marketplace()).isEqualTo("other");
      assertThat(d.shop()).isEqualTo("drill-shop");
      assertThat(d.enabled()).isTrue();
      assertThat(d.channel()).isEmpty();
      assertThat(d.firingDeadline()).isEqualTo(Duration.ofMinutes(30));
      assertThat(d.deliveryDeadline()).isEqualTo(Duration.ofMinutes(5));
      assertThat(d.isDrill(Map.of("marketplace", "other", "shop", "drill-shop"))).isTrue();
      assertThat(d.isDrill(Map.of("marketplace", "amazon", "shop", "drill-shop"))).isFalse();
    }

    @Test
    void everyKeyIsRead() {
      DrillsConfig d =
          ConfigLoader.parse(
                  """
                  drills:
                    enabled: false
                    marketplace: shopee
                    site: SG
                    shop: drill-sg
                    channel: feishu
                    target: ops
                    firing_deadline: 10m
                    delivery_deadline: 2m
                    runbook_timeout: 3s
                    tick: 30s
                    alerts: {zero_price: MyZeroPrice}
                  """)
              .drills();
      assertThat(d)
          .isEqualTo(
              new DrillsConfig(
                  false,
                  "shopee",
                  "SG",
                  "drill-sg",
                  "feishu",
                  "ops",
                  Duration.ofMinutes(10),
                  Duration.ofMinutes(2),
                  Duration.ofSeconds(3),
                  Duration.ofSeconds(30),
                  Map.of("zero_price", "MyZeroPrice")));
    }
  }

  @Nested
  class BadValuesNameTheKey {
    private void fails(String yaml, String message) {
      assertThatThrownBy(() -> ConfigLoader.parse("drills:\n" + yaml))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith(message);
    }

    @Test
    void aMarketplaceEventsCannotName() {
      fails("  marketplace: drill\n", "drills.marketplace: must be one of amazon,");
    }

    @Test
    void aChannelWithoutTargetOrAnUnknownChannel() {
      fails("  channel: dingtalk\n", "drills.channel: channel and target go together");
      fails("  channel: slack\n  target: x\n", "drills.channel: must be one of dingtalk");
    }

    @Test
    void deadlinesOutOfRange() {
      fails("  firing_deadline: 1s\n", "drills.firing_deadline: must be between 5s and 2h");
      fails("  delivery_deadline: 2h\n", "drills.delivery_deadline: must be between 5s and 1h");
      fails("  tick: 10m\n", "drills.tick: must be between 100ms and 5m");
      fails("  runbook_timeout: banana\n", "drills.runbook_timeout:");
    }

    @Test
    void anUnknownKey() {
      fails("  shops: x\n", "drills.shops: unknown key");
    }
  }
}
