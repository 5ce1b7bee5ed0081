package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.ExporterConfig;
import io.marketplaceexporter.config.ShardConfig;
import io.marketplaceexporter.config.SourceConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SourcesConfigTest {
  static final String SHOPEE =
      """
        - name: shopee-sg
          type: shopee
          url: https://partner.shopeemobile.com
          shop: "220041"
          credentials: {partner_key: "${KEY}", refresh_token: "file:/nonexistent/refresh"}
          options: {partner_id: "2001887"}
      """;

  private static List<Source> create(String yaml, Map<String, String> env) {
    return Sources.create(
        SourcesTestSupport.configs(yaml),
        env,
        null,
        HttpClients.shared(),
        java.time.Clock.systemUTC());
  }

  @Nested
  class Parsing {
    @Test
    void defaultsAreSixtySecondIntervalsAndThirtySecondTimeouts() {
      SourceConfig c =
          SourcesTestSupport.configs(
                  """
                    - name: erp
                      type: generic
                      url: http://127.0.0.1:1/status
                      mappings: [{event: {type: change, service: erp, kind: deploy}}]
                  """)
              .get(0);
      assertThat(c.interval()).isEqualTo(Duration.ofSeconds(60));
      assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
      assertThat(c.methodOrGet()).isEqualTo("GET");
      ExporterConfig all = ConfigLoader.parse("polling: {max_in_flight: 2}\n");
      assertThat(all.polling().maxInFlight()).isEqualTo(2);
      assertThat(all.sources()).isEmpty();
    }

    @Test
    void maxInFlightIsAutoByDefaultAnUpperBoundOfTheAdaptivePlacesUpTo4096() {
      assertThat(ConfigLoader.parse("").polling().maxInFlight()).isEqualTo(256);
      assertThat(ConfigLoader.parse("polling: {max_in_flight: auto}\n").polling().maxInFlight())
          .isEqualTo(256);
      assertThat(ConfigLoader.parse("polling: {max_in_flight: 1024}\n").polling().maxInFlight())
          .isEqualTo(1024);
      assertThat(ConfigLoader.parse("polling: {max_in_flight: 2}\n").polling().minInFlight())
          .isEqualTo(2);
      for (String bad : List.of("4097", "0", "automatic", "1.5")) {
        assertThatThrownBy(() -> ConfigLoader.parse("polling: {max_in_flight: " + bad + "}\n"))
            .hasMessageContaining("polling.max_in_flight: must be auto or a whole number 1..4096");
      }
    }

    @Test
    void aBadIntervalNamesItsFullKey() {
      assertThatThrownBy(
              () ->
                  ConfigLoader.parse(
                      """
                      sources:
                        - {name: a, type: generic, url: "http://127.0.0.1:1/", mappings: [{event: {type: order}}]}
                        - {name: b, type: amazon, url: "http://127.0.0.1:1/", shop: x, interval: 0s}
                      """))
          .isInstanceOf(ConfigException.class)
          .hasMessage("sources[1].interval: must be at least 1s");
    }

    @Test
    void genericFieldsAreRejectedForMarketplaceTypes() {
      assertThatThrownBy(
              () ->
                  SourcesTestSupport.configs(
                      "  - {name: a, type: amazon, url: \"http://x/\", shop: s, method: POST}\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessage("sources[0].method: is only for type generic");
    }
  }

  @Nested
  class Credentials {
    @Test
    void aMissingCredentialNamesItsKey() {
      assertThatThrownBy(
              () ->
                  create(
                      """
                        - name: shopee-sg
                          type: shopee
                          url: https://partner.shopeemobile.com
                          shop: "220041"
                          options: {partner_id: "2001887"}
                      """,
                      Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessage("sources[0].credentials.refresh_token: is required");
    }

    @Test
    void anUnreadableSecretFileNamesTheKeyButNeverAValue() {
      assertThatThrownBy(() -> create(SHOPEE, Map.of("KEY", "partner-key-value-123")))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("sources[0].credentials.refresh_token: cannot read secret file")
          .hasMessageNotContaining("partner-key-value-123");
    }

    @Test
    void sourceNamesMustBeUnique() {
      String two =
          """
            - {name: erp, type: generic, url: "http://127.0.0.1:1/", mappings: [{event: {type: order}}]}
            - {name: erp, type: generic, url: "http://127.0.0.1:1/", mappings: [{event: {type: order}}]}
          """;
      assertThatThrownBy(() -> create(two, Map.of()))
          .isInstanceOf(ConfigException.class)
          .hasMessage("sources[1].name: \"erp\" is used twice");
    }

    @Test
    void configToStringShowsNoCredentialReference() {
      SourceConfig c = SourcesTestSupport.configs(SHOPEE).get(0);
      assertThat(c.toString()).doesNotContain("KEY").doesNotContain("refresh");
    }
  }

  @Nested
  class Sharding {
    // Owners of 3: shopee/SG/shop_220041 is shard 2, lazada/TH/lzd_th_5520 shard 1.
    private static final String TWO_SHOPS_AND_AN_ERP =
        """
          - name: shopee-sg
            type: shopee
            url: https://partner.shopeemobile.com
            site: SG
            shop: shop_220041
            credentials: {partner_key: "k", refresh_token: "r"}
            options: {partner_id: "2001887", shop_id: "220041"}
          - name: lazada-th
            type: lazada
            url: https://api.lazada.co.th/rest
            site: TH
            shop: lzd_th_5520
            credentials: {app_secret: "s", refresh_token: "r"}
            options: {app_key: "100"}
          - name: erp
            type: generic
            url: http://127.0.0.1:1/status
            mappings: [{event: {type: change, service: erp, kind: deploy}}]
        """;

    private List<String> polledBy(int index) {
      return Sources.create(
              SourcesTestSupport.configs(TWO_SHOPS_AND_AN_ERP),
              Map.of(),
              null,
              HttpClients.shared(),
              java.time.Clock.systemUTC(),
              new ShardConfig(index, 3, List.of()).toShard())
          .stream()
          .map(Source::name)
          .toList();
    }

    @Test
    void eachReplicaPollsTheShopsItOwnsAndEveryGenericSource() {
      assertThat(polledBy(0)).containsExactly("erp");
      assertThat(polledBy(1)).containsExactly("lazada-th", "erp");
      assertThat(polledBy(2)).containsExactly("shopee-sg", "erp");
    }
  }
}
