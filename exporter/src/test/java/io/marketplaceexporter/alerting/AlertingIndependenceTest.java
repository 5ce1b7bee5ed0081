package io.marketplaceexporter.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The relay knows nothing of HTTP: no source file of {@code alerting} refers to the HTTP layer or
 * to Javalin, by import or by a qualified name. Comments and string literals do not count.
 */
class AlertingIndependenceTest {
  private static final Path ALERTING = Path.of("src/main/java/io/marketplaceexporter/alerting");

  /** A reference to a forbidden package, dots possibly spaced; run on code without comments. */
  private static final Pattern FORBIDDEN =
      Pattern.compile("\\bio\\s*\\.\\s*(?:javalin|marketplaceexporter\\s*\\.\\s*http)\\b");

  @Test
  void noSourceOfTheRelayRefersToTheHttpLayerOrJavalin() throws IOException {
    assertThat(ALERTING).isDirectory();
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.list(ALERTING)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String source = Files.readString(f, StandardCharsets.UTF_8);
        forbiddenReferences(source).forEach(r -> found.add(f.getFileName() + ":" + r));
      }
    }
    assertThat(found).as("alerting must not depend on HTTP").isEmpty();
  }

  @Nested
  class TheScan {
    @Test
    void findsAnImportOfTheHttpLayer() {
      assertThat(
              forbiddenReferences(
                  "package x;\n\nimport io.marketplaceexporter.http.BadRequest;\nclass A {}\n"))
          .containsExactly("3: io.marketplaceexporter.http");
    }

    @Test
    void findsAnImportOfJavalinAndAStaticImport() {
      assertThat(
              forbiddenReferences(
                  "import io.javalin.http.Context;\n"
                      + "import static io.marketplaceexporter.http.Json.parse;\n"))
          .containsExactly("1: io.javalin", "2: io.marketplaceexporter.http");
    }

    @Test
    void findsAQualifiedNameInCode() {
      assertThat(forbiddenReferences("class A {\n  void f(io.javalin.config.RoutesConfig r) {}\n}"))
          .containsExactly("2: io.javalin");
    }

    @Test
    void ignoresCommentsStringsAndLookalikePackages() {
      assertThat(
              forbiddenReferences(
                  "/** Served by {@link io.marketplaceexporter.http.RelayHandler}. */\n"
                      + "// io.javalin answers\n"
                      + "class A { String s = \"io.javalin\"; char q = '\"';"
                      + " io.marketplaceexporter.httpclient.X x; }\n"))
          .isEmpty();
    }
  }

  /** Each forbidden reference in {@code source}, as {@code "line: package"}. */
  static List<String> forbiddenReferences(String source) {
    String code = withoutCommentsAndLiterals(source);
    List<String> out = new ArrayList<>();
    Matcher m = FORBIDDEN.matcher(code);
    while (m.find()) {
      int line = 1 + (int) code.substring(0, m.start()).chars().filter(c -> c == '\n').count();
      out.add(line + ": " + m.group().replaceAll("\\s", ""));
    }
    return out;
  }

  /** {@code source} with comments, strings and characters blanked; line breaks are kept. */
  static String withoutCommentsAndLiterals(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      char next = i + 1 < source.length() ? source.charAt(i + 1) : 0;
      int end;
      if (c == '/' && next == '/') {
        end = source.indexOf('\n', i);
        end = end < 0 ? source.length() : end;
      } else if (c == '/' && next == '*') {
        end = source.indexOf("*/", i + 2);
        end = end < 0 ? source.length() : end + 2;
      } else if (c == '"' || c == '\'') {
        end = i + 1;
        while (end < source.length() && source.charAt(end) != c) {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, source.length());
      } else {
        out.append(c);
        i++;
        continue;
      }
      for (int j = i; j < end; j++) {
        out.append(source.charAt(j) == '\n' ? '\n' : ' ');
      }
      i = end;
    }
    return out.toString();
  }
}
