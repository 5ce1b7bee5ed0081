package io.marketplaceexporter.sources;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.support.SourceScan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConnectorsTest {
  /** A connector package or class named in code (comments and strings do not count). */
  static final Pattern CONNECTOR =
      Pattern.compile(
          "io\\.marketplaceexporter\\.sources\\.(amazon|shopee|lazada|tiktok|generic)\\b"
              + "|\\b(Amazon|Shopee|Lazada|TikTok|GenericJson|Generic)(Source|Connector)\\b");

  @Nested
  class Registry {
    @Test
    void everyConfigurableTypeHasExactlyItsConnector() {
      assertThat(Connectors.types()).containsExactlyInAnyOrderElementsOf(SourceConfig.TYPES);
      for (String type : SourceConfig.TYPES) {
        assertThat(Connectors.of(type).type()).isEqualTo(type);
      }
    }

    @Test
    void eachConnectorDeclaresTheKeysItsSourceReads() {
      assertThat(Connectors.of("shopee").keys().credentials()).contains("partner_key");
      assertThat(Connectors.of("generic").keys().credentials()).doesNotContain("partner_key");
    }
  }

  @Nested
  class NoCycle {
    @Test
    void theSourcesPackageNamesNoConnector() throws Exception {
      Path dir = SourceScan.mainSources().resolve("sources");
      List<String> found = new ArrayList<>();
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
          String source = Files.readString(f, StandardCharsets.UTF_8);
          SourceScan.find(source, CONNECTOR).forEach(m -> found.add(f.getFileName() + ":" + m));
        }
      }
      assertThat(found).isEmpty();
    }

    @Test
    void theRuleSeesAConnectorNamedInCode() {
      String code =
          "import io.marketplaceexporter.sources.amazon.AmazonSource;\n"
              + "/** not AmazonSource in a comment */ class X {}\n";
      assertThat(SourceScan.find(code, CONNECTOR))
          .containsExactly("1: io.marketplaceexporter.sources.amazon", "1: AmazonSource");
    }
  }
}
