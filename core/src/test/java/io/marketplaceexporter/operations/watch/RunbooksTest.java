package io.marketplaceexporter.operations.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.support.ProjectFiles;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runbooks' Verification blocks and Action lines, and their copy in the jar. */
class RunbooksTest {
  static final String RUNBOOK =
      """
      # InventoryNegative

      ## Rollback

      Restart it.

      Action: restart-sync-job (see the README).

      ## Verification

      Prose.

      ```promql verify
      # for: 10m
      marketplace_inventory_negative_skus{shop="{{ $labels.shop }}", site="{{ $labels.site }}"}
        == 0
      ```

      ## Escalation

      Call.
      """;

  @Nested
  class Format {
    @Test
    void blockGivesTheQueryOnOneLineAndHowLongItMustHold() {
      VerificationCheck c = Runbooks.parse("InventoryNegative", RUNBOOK);

      assertThat(c.holdFor()).isEqualTo(Duration.ofMinutes(10));
      assertThat(c.template())
          .isEqualTo(
              "marketplace_inventory_negative_skus{shop=\"{{ $labels.shop }}\","
                  + " site=\"{{ $labels.site }}\"} == 0");
      assertThat(c.labelNames()).containsExactly("shop", "site");
    }

    @Test
    void actionLineOfTheRollbackSectionIsRead() {
      assertThat(Runbooks.action(RUNBOOK)).contains("restart-sync-job");
      assertThat(Runbooks.action("## Verification\n\nAction: x\n")).isEmpty();
    }

    @Test
    void noBlockTwoBlocksAMissingForOrABlockElsewhereAreRefused() {
      String block = "```promql verify\n# for: 5m\nup\n```\n";
      assertThatThrownBy(() -> Runbooks.parse("A", "## Verification\n\nnone\n"))
          .hasMessage("A: 0 promql verify blocks, exactly one expected");
      assertThatThrownBy(() -> Runbooks.parse("A", "## Verification\n" + block + block))
          .hasMessage("A: 2 promql verify blocks, exactly one expected");
      assertThatThrownBy(() -> Runbooks.parse("A", "## Verification\n```promql verify\nup\n```\n"))
          .hasMessage("A: the block has no '# for: <duration>' line");
      assertThatThrownBy(() -> Runbooks.parse("A", "## Diagnosis\n" + block))
          .hasMessage("A: a promql verify block outside the Verification section");
      assertThatThrownBy(
              () ->
                  Runbooks.parse("A", "## Verification\n```promql verify\n# for: soon\nup\n```\n"))
          .hasMessageStartingWith("A: '# for: soon': not a duration");
    }
  }

  @Nested
  class Substitution {
    final VerificationCheck check =
        new VerificationCheck(
            "X",
            "up{shop=\"{{ $labels.shop }}\", site!=\"{{ $labels.site }}\"}",
            Duration.ofMinutes(1));

    @Test
    void labelValuesBecomePromqlStrings() {
      assertThat(check.render(Map.of("shop", "s1", "site", "US")))
          .isEqualTo("up{shop=\"s1\", site!=\"US\"}");
    }

    @Test
    void aMissingLabelIsTheEmptyString() {
      assertThat(check.render(Map.of("shop", "s1"))).isEqualTo("up{shop=\"s1\", site!=\"\"}");
    }

    @Test
    void aLabelValueCannotEndTheStringOrTheSelector() {
      String evil = "s1\"} or vector(1) or up{x=\"\\";

      assertThat(check.render(Map.of("shop", evil, "site", "a\nb")))
          .isEqualTo("up{shop=\"s1\\\"} or vector(1) or up{x=\\\"\\\\\", site!=\"a\\u000ab\"}");
    }

    @Test
    void placeholdersOutsideAnEqualityMatcherValueAreRefused() {
      assertThatThrownBy(
              () -> new VerificationCheck("X", "up{shop=~\"{{ $labels.shop }}\"}", Duration.ZERO))
          .hasMessageContaining("only be the whole value of an = or != matcher");
      assertThatThrownBy(
              () -> new VerificationCheck("X", "up > {{ $labels.limit }}", Duration.ZERO))
          .hasMessageContaining("only be the whole value");
      assertThatThrownBy(
              () -> new VerificationCheck("X", "up{shop=\"x{{ $labels.shop }}\"}", Duration.ZERO))
          .hasMessageContaining("only be the whole value");
    }
  }

  @Nested
  class Bundled {
    @Test
    void theJarCarriesExactlyTheRunbooksOfTheRepository() throws IOException {
      Map<String, String> repo = new TreeMap<>();
      Path dir = ProjectFiles.root().resolve("runbooks");
      try (Stream<Path> files = Files.list(dir)) {
        for (Path p : files.filter(p -> p.toString().endsWith(".md")).toList()) {
          String name = p.getFileName().toString().replace(".md", "");
          if (!name.equals("README")) {
            repo.put(name, Files.readString(p));
          }
        }
      }

      assertThat(Runbooks.bundledMarkdown()).isEqualTo(repo);
    }

    @Test
    void runbooksAreReadFromAJarToo(@TempDir Path dir) throws IOException {
      Path jar = dir.resolve("app.jar");
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
        for (String name : List.of("runbooks/README.md", "runbooks/InventoryNegative.md")) {
          out.putNextEntry(new JarEntry(name));
          out.write(RUNBOOK.getBytes(StandardCharsets.UTF_8));
          out.closeEntry();
        }
      }

      try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
        assertThat(Runbooks.bundledMarkdown(loader))
            .isEqualTo(Map.of("InventoryNegative", RUNBOOK));
      }
    }

    @Test
    void everyBundledRunbookHasACheck() {
      assertThat(Runbooks.bundled().keySet()).isEqualTo(Runbooks.bundledMarkdown().keySet());
      assertThat(Runbooks.bundled()).hasSizeGreaterThanOrEqualTo(30);
    }
  }
}
