package io.marketplaceexporter.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.sources.HttpClients;
import io.marketplaceexporter.sources.Source;
import io.marketplaceexporter.sources.SourceScheduler;
import io.marketplaceexporter.sources.Sources;
import io.marketplaceexporter.sources.SourcesTestSupport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The many generated shops of the polling benchmark ({@code SandboxMain --shops N}). */
class GeneratedShopsTest {
  @Nested
  class Polling {
    @Test
    void everyGeneratedShopIsPolledSuccessfullyByItsMarketplaceConnector() {
      pollAll(SandboxConfig.LAZADA_SHOPS_PER_APP);
    }

    @Test
    void lazadaShopsBeyondOneApplicationsShareUseTheNextApplicationAndArePolledAsWell() {
      List<SourceConfig> configs = pollAll(2);

      assertThat(
              configs.stream()
                  .filter(c -> c.type().equals("lazada"))
                  .map(c -> c.options().get("app_key")))
          .containsExactly(
              SandboxCredentials.lazadaAppKey(0),
              SandboxCredentials.lazadaAppKey(0),
              SandboxCredentials.lazadaAppKey(1));
    }

    @Test
    void theSandboxKnowsItsLazadaApplicationsAndNoOthers() {
      assertThat(SandboxCredentials.isLazadaAppKey(SandboxCredentials.LAZADA_APP_KEY)).isTrue();
      assertThat(
              SandboxCredentials.isLazadaAppKey(
                  SandboxCredentials.lazadaAppKey(SandboxCredentials.LAZADA_APPS - 1)))
          .isTrue();
      assertThat(SandboxCredentials.isLazadaAppKey("100131")).isFalse();
      assertThat(SandboxCredentials.isLazadaAppKey(null)).isFalse();
      assertThatThrownBy(() -> SandboxCredentials.lazadaAppKey(SandboxCredentials.LAZADA_APPS))
          .hasMessageContaining("app: must be 0..99");
    }

    private List<SourceConfig> pollAll(int lazadaShopsPerApp) {
      SourcesTestSupport t = new SourcesTestSupport();
      List<SandboxShop> shops = SandboxShop.generated(12);
      try (Sandbox sandbox =
          new Sandbox(t.clock, Duration.ofSeconds(30), shops).start("127.0.0.1", 0)) {
        List<SourceConfig> configs =
            ConfigLoader.parse(
                    "sources:\n"
                        + SandboxConfig.marketplaceYaml(
                            shops, sandbox.url(), "60s", SourcesTestSupport.NOW, lazadaShopsPerApp))
                .sources();
        List<Source> sources =
            Sources.create(configs, Map.of(), t.ingest, HttpClients.shared(), t.clock);
        SourceScheduler scheduler = t.scheduler(sources);

        sources.forEach(scheduler::pollOnce);

        assertThat(configs.stream().collect(Collectors.groupingBy(SourceConfig::type)))
            .allSatisfy((type, ofType) -> assertThat(ofType).hasSize(3))
            .containsOnlyKeys("amazon", "shopee", "tiktok", "lazada");
        for (Source s : sources) {
          assertThat(t.value("marketplace_exporter_source_up", "source", s.name()))
              .as(s.name())
              .isEqualTo(1);
        }
        return configs;
      }
    }
  }
}
