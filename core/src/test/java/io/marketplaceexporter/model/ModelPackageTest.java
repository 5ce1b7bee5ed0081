package io.marketplaceexporter.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.SourceScan;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ModelPackageTest {
  @Test
  void theBottomPackageNamesNoOtherPackageOfTheProject() throws Exception {
    List<String> found =
        SourceScan.find(
            SourceScan.mainSources().resolve("model"),
            Pattern.compile("io\\.marketplaceexporter\\.(?!model\\b)\\w+"));
    assertThat(found).isEmpty();
  }

  @Test
  void theScanWouldSeeAnImportOfAnotherPackage() {
    String source =
        "package io.marketplaceexporter.model;\nimport io.marketplaceexporter.config.X;\n";
    assertThat(
            SourceScan.find(source, Pattern.compile("io\\.marketplaceexporter\\.(?!model\\b)\\w+")))
        .containsExactly("2: io.marketplaceexporter.config");
  }

  @Test
  void aShardIsBuiltFromItsCheckedNumbers() {
    Shard s = new Shard(1, 2, List.of("http://a:9", "http://b:9"));
    assertThat(s.index()).isEqualTo(1);
    assertThat(s.count()).isEqualTo(2);
    assertThat(s.peer(0)).isEqualTo("http://a:9");
    assertThat(Shard.single().peer(0)).isNull();
    assertThat(Shard.single().owns(new ShopKey("amazon", "", "acme"))).isTrue();
  }
}
