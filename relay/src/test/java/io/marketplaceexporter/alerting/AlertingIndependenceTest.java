package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import io.marketplaceexporter.support.SourceScan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The relay knows nothing of HTTP: no source file of {@code alerting} refers to the HTTP layer or
 * to Javalin, by import or by a qualified name. Comments and string literals do not count.
 */
class AlertingIndependenceTest {
  /** A reference to a forbidden package, dots possibly spaced. */
  private static final Pattern FORBIDDEN =
      Pattern.compile("\\bio\\s*\\.\\s*(?:javalin|marketplaceexporter\\s*\\.\\s*http)\\b");

  @Test
  void noSourceOfTheRelayRefersToTheHttpLayerOrJavalin() throws IOException {
    Path alerting = SourceScan.mainSources("relay").resolve("alerting");
    assertThat(alerting.resolve("AlertRelay.java")).isRegularFile();
    assertThat(SourceScan.find(alerting, FORBIDDEN))
        .as("alerting must not depend on HTTP")
        .isEmpty();
  }

  @Nested
  class TheScan {
    @Test
    void findsAnImportOfTheHttpLayer() {
      assertThat(
              SourceScan.find(
                  "package x;\n\nimport io.marketplaceexporter.http.BadRequest;\nclass A {}\n",
                  FORBIDDEN))
          .containsExactly("3: io.marketplaceexporter.http");
    }

    @Test
    void findsAnImportOfJavalinAndAStaticImport() {
      assertThat(
              SourceScan.find(
                  "import io.javalin.http.Context;\n"
                      + "import static io.marketplaceexporter.http.Json.parse;\n",
                  FORBIDDEN))
          .containsExactly("1: io.javalin", "2: io.marketplaceexporter.http");
    }

    @Test
    void findsAQualifiedNameInCode() {
      assertThat(
              SourceScan.find(
                  "class A {\n  void f(io.javalin.config.RoutesConfig r) {}\n}", FORBIDDEN))
          .containsExactly("2: io.javalin");
    }

    @Test
    void ignoresCommentsStringsAndLookalikePackages() {
      assertThat(
              SourceScan.find(
                  "/** Served by {@link io.marketplaceexporter.http.RelayHandler}. */\n"
                      + "// io.javalin answers\n"
                      + "class A { String s = \"io.javalin\"; char q = '\"';"
                      + " io.marketplaceexporter.httpclient.X x; }\n",
                  FORBIDDEN))
          .isEmpty();
    }
  }
}
