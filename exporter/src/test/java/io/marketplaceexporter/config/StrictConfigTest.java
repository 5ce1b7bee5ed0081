package io.marketplaceexporter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Map;
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
    void anUnknownTopLevelSectionIsNamed() {
      fails("sauces: []\n", "sauces: unknown key; known: auth, ingest, limits,");
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

  @Test
  void defaultsHoldWithoutAFile() {
    assertThat(ConfigLoader.parse("# nothing set\n").auth().resolve(Map.of())).isEmpty();
  }
}
