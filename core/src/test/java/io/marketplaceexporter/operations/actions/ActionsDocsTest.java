package io.marketplaceexporter.operations.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.config.ActionsConfig;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.IngestConfig;
import io.marketplaceexporter.config.LimitsConfig;
import io.marketplaceexporter.config.PriceConfig;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.RollbackListener;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.support.ProjectFiles;
import io.marketplaceexporter.support.TestClock;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of docs/actions.md is a configuration the exporter starts with. */
class ActionsDocsTest {
  @TempDir Path storage;

  @Test
  void theDocumentedExampleLoadsAndResolves() throws Exception {
    String doc = Files.readString(ProjectFiles.root().resolve("docs/actions.md"));
    Matcher m = Pattern.compile("```yaml\n# config.yml\n(.*?)```", Pattern.DOTALL).matcher(doc);
    assertThat(m.find()).isTrue();
    ActionsConfig c = ConfigLoader.parse(m.group(1)).actions();
    Path token = Files.writeString(storage.resolve("ci-token"), "t0ken\n");
    TestClock clock = TestClock.at("2026-11-24T08:00:00Z");

    try (RollbackActions a =
        new RollbackActions(
            ConfigLoader.parse(m.group(1).replace("file:/run/secrets/ci-token", "file:" + token))
                .actions(),
            Set.of("alice", "bob"),
            Map.of(
                "APPROVAL_SIGNING_KEY", "k3y-0123456789",
                "CI_ROLLBACK_URL", "https://ci.example.com/job/rollback?token=q",
                "CI_AUTHORIZATION", "Bearer x"),
            storage,
            clock,
            new PrometheusRegistry(),
            new OkHttpClient(),
            new IngestService(
                new MarketplaceState(LimitsConfig.defaults(), PriceConfig.defaults(), clock),
                IngestConfig.defaults()),
            ChatPoster.NONE,
            RollbackListener.NONE)) {
      ResolvedAction r = a.action("restore-price-file").orElseThrow();
      assertThat(r.displayUrl()).isEqualTo("https://ci.example.com/job/rollback");
      assertThat(r.shownBody(Map.of("shop", "A1"), "alice"))
          .isEqualTo(
              "{\"job\": \"restore-price-file\", \"shop\": \"A1\", \"approved_by\": \"alice\","
                  + " \"token\": \"••••••\"}");
    }
    assertThat(c.rollbacks()).hasSize(1);
  }
}
