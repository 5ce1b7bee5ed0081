package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.ShardConfig;
import io.marketplaceexporter.model.Shard;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A typo in a source's credentials, options or mappings stops start-up naming the key, as {@code
 * --config.check} runs the same checks; each connector declares the keys it reads.
 */
class SourceKeysTest {
  private static final Map<String, String> ENV = Map.of("K", "k", "R", "r");

  private static void validates(String sources) {
    Sources.validate(SourcesTestSupport.configs(sources), ENV);
  }

  private static void fails(String sources, String message) {
    assertThatThrownBy(() -> validates(sources))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  private static String shopee(String credentials, String options) {
    return """
          - name: shopee-sg
            type: shopee
            url: http://127.0.0.1:1
            shop: "220041"
            credentials: {partner_key: "${K}", %s}
            options: {partner_id: "2001887"%s}
        """
        .formatted(credentials, options);
  }

  private static String generic(String options, String event) {
    return """
          - name: erp
            type: generic
            url: http://127.0.0.1:1/status
            credentials: {api_key: "${K}"}
            options: {%s}
            mappings: [{for_each: "$.shops[*]", event: {%s}}]
        """
        .formatted(options, event);
  }

  @Nested
  class Credentials {
    @Test
    void aMisspelledRefreshTokenIsNamedWithTheKnownKeys() {
      fails(
          shopee("refresh_tokn: \"${R}\"", ""),
          "sources[0].credentials.refresh_tokn: unknown key for type shopee;"
              + " known: partner_key, refresh_token");
    }

    @Test
    void theCorrectKeysPass() {
      validates(shopee("refresh_token: \"${R}\"", ", lookback: 3d, max_pages: 5"));
    }
  }

  @Nested
  class Options {
    @Test
    void everyTypeAcceptsTheResponseBound() {
      validates(shopee("refresh_token: \"${R}\"", ", max_response_bytes: \"8388608\""));
      validates(generic("max_response_bytes: \"8388608\"", "type: order, shop: \"$.id\""));
    }

    @Test
    void misspelledLookbackAndMaxPagesAreNamed() {
      fails(
          shopee("refresh_token: \"${R}\"", ", lookbak: 3d"),
          "sources[0].options.lookbak: unknown key for type shopee; known: app_rate_limit, listings_interval,");
      fails(
          shopee("refresh_token: \"${R}\"", ", max_page: 5"),
          "sources[0].options.max_page: unknown key");
    }

    @Test
    void aMisspelledApiKeyHeaderOfAGenericSourceIsNamed() {
      fails(
          generic("api_key_headr: X-Key", "type: sync, shop: $.id"),
          "sources[0].options.api_key_headr: unknown key for type generic; known: api_key_header");
    }

    @Test
    void sourcesAnotherReplicaPollsAreCheckedToo() {
      var configs = SourcesTestSupport.configs(shopee("refresh_token: \"${R}\"", ", lookbak: 3d"));
      Shard shard = new ShardConfig(0, 2, null).toShard();
      if (Sources.polledBy(configs.get(0), shard)) {
        shard = new ShardConfig(1, 2, null).toShard();
      }
      assertThat(Sources.polledBy(configs.get(0), shard)).isFalse();
      Shard other = shard;

      assertThatThrownBy(
              () ->
                  Sources.create(
                      configs, ENV, null, HttpClients.shared(), Clock.systemUTC(), other))
          .hasMessageStartingWith("sources[0].options.lookbak: unknown key");
    }
  }

  @Nested
  class Mappings {
    @Test
    void aMisspelledEventTypeIsNamedWithTheTypes() {
      fails(
          generic("", "type: ordr, shop: $.id"),
          "sources[0].mappings[0].event.type: \"ordr\" is not an event type; known: order,"
              + " order_backlog, sync,");
    }

    @Test
    void aFieldTheEventTypeDoesNotHaveIsNamed() {
      fails(
          generic("", "type: sync, shopid: $.id, outcome: success"),
          "sources[0].mappings[0].event.shopid: unknown field for type sync; known: expected_interval_seconds, finished_at,");
    }

    @Test
    void withTheTypeFromTheAnswerAFieldOfNoTypeIsNamed() {
      fails(
          generic("", "type: $.kind, shop: $.id, shopid: $.id"),
          "sources[0].mappings[0].event.shopid: unknown field; known: ");
      validates(generic("", "type: $.kind, shop: $.id, outcome: $.outcome, sku: $.sku"));
    }
  }

  @Test
  void everyConnectorDeclaresTheKeysItReads() {
    assertThat(Sources.keys("amazon").credentials())
        .containsExactlyInAnyOrder("client_id", "client_secret", "refresh_token");
    assertThat(Sources.keys("tiktok").options())
        .containsExactlyInAnyOrder(
            "app_key",
            "shop_cipher",
            "listings_interval",
            "resync_interval",
            "lookback",
            "max_pages",
            "max_response_bytes",
            "app_rate_limit",
            "seller_rate_limit");
    assertThat(Sources.keys("lazada").options())
        .containsExactlyInAnyOrder(
            "app_key",
            "listings_interval",
            "resync_interval",
            "lookback",
            "max_pages",
            "max_response_bytes",
            "app_rate_limit",
            "seller_rate_limit");
    assertThat(Sources.keys("generic").credentials())
        .containsExactlyInAnyOrder("bearer_token", "username", "password", "api_key");
  }
}
