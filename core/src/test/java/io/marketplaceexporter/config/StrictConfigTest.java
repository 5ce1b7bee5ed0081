package io.marketplaceexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What YAML allows but a configuration must not contain stops start-up, naming the key. */
class StrictConfigTest {
  private static void fails(String yaml, String message) {
    assertThatThrownBy(() -> ConfigLoader.parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(message);
  }

  @Nested
  class DuplicateKeys {
    @Test
    void aSecondAuthSectionCannotTurnAuthenticationOff() {
      fails(
          """
          auth:
            bearer_tokens: ["${INGEST_TOKEN}"]
          web:
            listen_address: ":9877"
          auth: {}
          """,
          "auth: duplicate key (lines 1 and 5)");
    }

    @Test
    void aDuplicateKeyInsideASectionOrAListItemIsNamed() {
      fails("limits:\n  shop_ttl: 7d\n  shop_ttl: 0s\n", "limits.shop_ttl: duplicate key");
      fails("sources:\n  - {name: a, name: b, type: generic}\n", "sources[0].name: duplicate key");
    }

    @Test
    void aDuplicateCredentialIsNamed() {
      fails(
          """
          sources:
            - name: s
              type: shopee
              credentials:
                partner_key: ${A}
                partner_key: ${B}
          """,
          "sources[0].credentials.partner_key: duplicate key");
    }
  }

  @Nested
  class AnchorsAndAliases {
    @Test
    void anAliasInTheTokenListIsAnErrorNotTheAnchorsName() {
      fails(
          "auth:\n  bearer_tokens: [&tok \"${INGEST_TOKEN}\", *tok]\n",
          "auth.bearer_tokens[0]: YAML anchors (&tok) are not supported");
      fails(
          "auth:\n  bearer_tokens: [\"${INGEST_TOKEN}\", *tok]\n",
          "auth.bearer_tokens[1]: YAML aliases (*tok) are not supported");
    }

    @Test
    void anchoredSectionsAndMergeKeysAreErrors() {
      fails("limits: &l {shop_ttl: 7d}\nprice: {<<: *l}\n", "limits: YAML anchors (&l) are not");
    }
  }

  @Nested
  class Documents {
    @Test
    void aSecondDocumentIsAnError() {
      fails(
          "auth:\n  bearer_tokens: [\"${T}\"]\n---\nauth: {}\n",
          "the file holds a second YAML document at line 3");
    }

    @Test
    void oneDocumentWithItsMarkersIsFine() {
      assertThat(ConfigLoader.parse("---\nlimits: {shop_ttl: 1d}\n...\n").limits().shopTtl())
          .hasDays(1);
    }

    @Test
    void aDocumentThatIsNotAMappingIsAnError() {
      fails("- web\n", "the document must be a mapping of sections");
    }
  }

  @Nested
  class UnknownKeysAndTypes {
    @Test
    void anUnknownKeyListsTheKnownOnes() {
      fails(
          "web:\n  listen_adress: \":9877\"\n",
          "web.listen_adress: unknown key; known: listen_address, max_request_bytes");
    }

    @Test
    void theKnownKeysAreOnlyTheKeysNotTheRecordsComponentNames() {
      assertThatThrownBy(() -> ConfigLoader.parse("auth:\n  bearerTokens: [\"${T}\"]\n"))
          .hasMessage(
              "auth.bearerTokens: unknown key; known: allow_unauthenticated, bearer_tokens");
    }

    @Test
    void anUnknownTopLevelSectionIsNamed() {
      fails(
          "sauces: []\n",
          "sauces: unknown key; known: actions, alerting, auth, deploy_watch, drills, ingest, limits,");
    }

    @Test
    void numbersWrittenAsTextAreWrongTypes() {
      fails("polling:\n  max_in_flight: \"4\"\n", "polling.max_in_flight: ");
      fails("ingest:\n  dedup_max_ids: 1.5\n", "ingest.dedup_max_ids: ");
      fails("limits: [1]\n", "limits: wrong type, expected a mapping");
    }

    @Test
    void aListItemWithoutAValueIsNamed() {
      fails("auth:\n  bearer_tokens:\n    -\n", "auth.bearer_tokens[0]: a list item without");
    }

    @Test
    void explicitTagsOtherThanStrAreErrors() {
      fails("web:\n  listen_address: !!binary eHh4\n", "web.listen_address: YAML tags");
      assertThat(ConfigLoader.parse("web:\n  listen_address: !!str :9100\n").web().port())
          .isEqualTo(9100);
    }

    @Test
    void unquotedNoAndYesStayText() {
      ExporterConfig c =
          ConfigLoader.parse(
              "price:\n  overrides:\n    - {marketplace: amazon, site: NO, shop: yes,"
                  + " change_threshold: 0.3}\n");

      assertThat(c.price().overrides().get(0).site()).isEqualTo("NO");
      assertThat(c.price().overrides().get(0).shop()).isEqualTo("yes");
    }
  }

  @Nested
  class LongLines {
    /** Bytes the current thread allocated while parsing {@code yaml}. */
    private static long allocatedParsing(String yaml) {
      var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
      long before = threads.getCurrentThreadAllocatedBytes();
      try {
        ConfigLoader.parse(yaml);
      } catch (ConfigException e) {
        // only the reading matters here
      }
      return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private static String commentLine(int chars) {
      return "limits:\n  shop_ttl: 7d\n# " + "x".repeat(chars) + "\n";
    }

    private static String scalarLine(int chars) {
      return "web:\n  listen_address: " + "9".repeat(chars) + "\n";
    }

    /**
     * SnakeYAML's stream reader copied the whole unconsumed window on every 1024 characters it
     * read, so reading one line of n characters allocated about n²/256 bytes: 32 GiB for a 4 MiB
     * line, against a few times the line's size when each character is read once.
     */
    @Test
    void readingALongLineAllocatesInProportionToItsLength() {
      int mib = 1024 * 1024;
      for (String kind : new String[] {"comment", "scalar"}) {
        long small = allocatedParsing(kind.equals("comment") ? commentLine(mib) : scalarLine(mib));
        long large =
            allocatedParsing(kind.equals("comment") ? commentLine(4 * mib) : scalarLine(4 * mib));

        assertThat(large).as(kind + ": 4 MiB line").isLessThan(64L * 4 * mib);
        assertThat((double) large / small).as(kind + ": 4 MiB against 1 MiB").isLessThan(8.0);
      }
    }

    @Test
    void aLongValueKeepsItsLineAndColumnInErrors() {
      fails(
          "web:\n  listen_address: \"" + "x".repeat(100_000),
          "not valid YAML at line 2, column 100020");
    }
  }

  @Nested
  class AnyValueAnywhere {
    /** Every key of every section, set once. */
    private static final String ALL_KEYS =
        """
        web: {listen_address: ":9877", max_request_bytes: 2048}
        auth: {bearer_tokens: ["${T}"], allow_unauthenticated: false}
        ingest: {dedup_window: 1h, dedup_max_ids: 10, max_concurrent: 1, scrape_priority: 1s}
        limits: {max_series_per_metric: 10, max_tracked_skus: 10, shop_ttl: 7d}
        price: {change_threshold: 0.2, overrides: [{marketplace: amazon, site: US, shop: A1, \
        change_threshold: 0.4}]}
        polling: {max_in_flight: 2, jitter: 0.1, max_backoff: 1m}
        storage: {snapshot_interval: 5s}
        shard: {index: 0, count: 1, peers: ["http://a"]}
        sources:
          - {name: s, type: shopee, interval: 60s, timeout: 1s, url: "http://x", auth_url: \
        "http://y", site: SG, shop: "1", credentials: {partner_key: k}, options: {partner_id: "1"}}
          - {name: g, type: generic, url: "http://x", method: GET, headers: {A: b}, body: "x", \
        mappings: [{for_each: "$", event: {type: order, shop: $.a}}]}
        relay:
          queue_capacity: 10
          initial_backoff: 1s
          max_backoff: 2s
          give_up_after: 3s
          dingtalk:
            oncall: {url: "http://r", secret: s, time_zone: Asia/Shanghai, \
        max_messages_per_minute: 5, max_message_bytes: 2048, mention: {severities: [critical], \
        mobiles: ["13800000000"], user_ids: [u], by_label: {team: {pay: {user_ids: [v]}}}}}
          wecom:
            ops: {robots: [{url: "http://w"}]}
        """;

    private static final String[] VALUES = {
      "[]", "{}", "\"\"", "1", "1.5", "true", "~", "[~]", "{a: ~}", "-1", "99999999999", "[{}]"
    };

    /** Where the value of the key ending at {@code start} ends, in this flow-style text. */
    private static int valueEnd(String text, int start) {
      int depth = 0;
      boolean quoted = false;
      for (int i = start; i < text.length(); i++) {
        char c = text.charAt(i);
        quoted ^= c == '"';
        if (quoted) {
          continue;
        }
        if (c == '[' || c == '{') {
          depth++;
        } else if (c == ']' || c == '}') {
          if (depth-- == 0) {
            return i;
          } else if (depth == 0) {
            return i + 1;
          }
        } else if ((c == ',' || c == '\n') && depth == 0) {
          return i;
        }
      }
      return text.length();
    }

    @Test
    void everyKeyWithAValueOfAnyTypeLoadsOrFailsAsAConfigurationError() {
      assertThat(ConfigLoader.parse(ALL_KEYS).sources()).hasSize(2);
      Matcher key = Pattern.compile("[a-z_]+: ").matcher(ALL_KEYS);
      int tried = 0;
      while (key.find()) {
        int end = valueEnd(ALL_KEYS, key.end());
        for (String value : VALUES) {
          String yaml = ALL_KEYS.substring(0, key.end()) + value + ALL_KEYS.substring(end);
          assertThatCode(
                  () -> {
                    try {
                      ConfigLoader.parse(yaml);
                    } catch (ConfigException e) {
                      assertThat(e.getMessage()).doesNotStartWith(":");
                    }
                  })
              .as("%s%s", key.group(), value)
              .doesNotThrowAnyException();
          tried++;
        }
      }
      assertThat(tried).isGreaterThan(700);
    }
  }

  @Test
  void defaultsHoldWithoutAFile() {
    assertThat(ConfigLoader.parse("# nothing set\n").auth().resolve(Map.of())).isEmpty();
  }
}
