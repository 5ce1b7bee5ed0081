package io.marketplaceexporter.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds a pattern in the code of Java sources, with comments, strings and characters blanked, so
 * that a Javadoc mention or a message is not a match; for rules about what code may refer to.
 */
public final class SourceScan {
  private SourceScan() {}

  /** The Maven modules whose main sources make the application (docs/architecture.md). */
  public static final List<String> MODULES = List.of("core", "relay", "sandbox", "exporter");

  /** The product's main sources: module core's {@code io/marketplaceexporter}. */
  public static Path mainSources() {
    return mainSources("core");
  }

  /** The main sources of {@code module}, {@code <module>/src/main/java/io/marketplaceexporter}. */
  public static Path mainSources(String module) {
    return ProjectFiles.root().resolve(module + "/src/main/java/io/marketplaceexporter");
  }

  /**
   * Each match in the main sources of every module of {@link #MODULES}, as {@link #find(Path,
   * Pattern)} gives them: the path relative to the module's {@code io/marketplaceexporter}.
   */
  public static List<String> findInAllModules(Pattern pattern) throws IOException {
    List<String> out = new ArrayList<>();
    for (String module : MODULES) {
      out.addAll(find(mainSources(module), pattern));
    }
    return out;
  }

  /**
   * Each match in the {@code .java} files under {@code dir}, as {@code "path:line: match"} with the
   * path relative to {@code dir} and the match's whitespace removed.
   */
  public static List<String> find(Path dir, Pattern pattern) throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        String source = Files.readString(f, StandardCharsets.UTF_8);
        String name = dir.relativize(f).toString().replace('\\', '/');
        find(source, pattern).forEach(m -> out.add(name + ":" + m));
      }
    }
    return out;
  }

  /** Each match in the code of {@code source}, as {@code "line: match"}. */
  public static List<String> find(String source, Pattern pattern) {
    String code = withoutCommentsAndLiterals(source);
    List<String> out = new ArrayList<>();
    Matcher m = pattern.matcher(code);
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
