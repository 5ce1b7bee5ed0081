package io.marketplaceexporter.operations.watch;

import io.marketplaceexporter.config.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runbooks' machine-readable parts: the {@code promql verify} block of the Verification section
 * and the {@code Action:} line of the Rollback section (format: {@code runbooks/README.md}). The
 * build copies {@code runbooks/*.md} into the jar under {@code runbooks/} ({@code core/pom.xml});
 * the runbooks stay the one source, and a test keeps the copy equal to them.
 */
public final class Runbooks {
  /** Where the build puts the runbooks on the class path. */
  static final String RESOURCE_DIR = "runbooks";

  private static final Pattern BLOCK =
      Pattern.compile("(?m)^```promql verify[ \\t]*\\n(.*?)^```[ \\t]*$", Pattern.DOTALL);
  private static final Pattern FOR = Pattern.compile("(?m)^#\\s*for:\\s*(\\S+)\\s*$");
  private static final Pattern ACTION = Pattern.compile("(?m)^Action: ([a-z0-9][a-z0-9-]*)\\b");
  private static final Pattern SECTION = Pattern.compile("(?m)^## (.+)$");
  private static final Pattern ALERTNAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Runbooks() {}

  /**
   * The check of the runbook of {@code alertname} ({@code markdown}): exactly one {@code promql
   * verify} block, in its Verification section, with a {@code # for:} line. Throws {@link
   * IllegalArgumentException} saying what is wrong.
   */
  public static VerificationCheck parse(String alertname, String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(markdown);
    while (m.find()) {
      if (!"Verification".equals(sectionAt(markdown, m.start()))) {
        throw new IllegalArgumentException(
            alertname + ": a promql verify block outside the Verification section");
      }
      blocks.add(m.group(1));
    }
    if (blocks.size() != 1) {
      throw new IllegalArgumentException(
          alertname + ": " + blocks.size() + " promql verify blocks, exactly one expected");
    }
    String body = blocks.get(0);
    Matcher f = FOR.matcher(body);
    if (!f.find()) {
      throw new IllegalArgumentException(alertname + ": the block has no '# for: <duration>' line");
    }
    String expr =
        body.lines()
            .filter(l -> !l.strip().startsWith("#"))
            .map(String::strip)
            .filter(l -> !l.isEmpty())
            .reduce((a, b) -> a + " " + b)
            .orElseThrow(
                () -> new IllegalArgumentException(alertname + ": the block has no query"));
    return new VerificationCheck(alertname, expr, holdFor(alertname, f.group(1)));
  }

  private static Duration holdFor(String alertname, String text) {
    try {
      Duration d = Durations.parse(text);
      if (d.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("must be at least 1s");
      }
      return d;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(alertname + ": '# for: " + text + "': " + e.getMessage());
    }
  }

  /** The {@code Action:} name of the runbook's Rollback section, if it names one. */
  public static Optional<String> action(String markdown) {
    Matcher m = ACTION.matcher(markdown);
    while (m.find()) {
      if ("Rollback".equals(sectionAt(markdown, m.start()))) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  private static String sectionAt(String markdown, int offset) {
    String section = null;
    Matcher s = SECTION.matcher(markdown);
    while (s.find() && s.start() < offset) {
      section = s.group(1).strip();
    }
    return section;
  }

  /**
   * The checks of the runbooks bundled in the jar, by alert name. A runbook without a valid block
   * is left out (the pack tests make sure there is none).
   */
  public static Map<String, VerificationCheck> bundled() {
    Map<String, VerificationCheck> checks = new TreeMap<>();
    bundledMarkdown()
        .forEach(
            (name, markdown) -> {
              try {
                checks.put(name, parse(name, markdown));
              } catch (IllegalArgumentException e) {
                // Not a runbook with a check (the README); the pack tests hold the others to it.
              }
            });
    return checks;
  }

  /** The markdown of each bundled runbook ({@code runbooks/<AlertName>.md}), by alert name. */
  public static Map<String, String> bundledMarkdown() {
    return bundledMarkdown(Runbooks.class.getClassLoader());
  }

  /** As {@link #bundledMarkdown()}, from {@code loader} (a directory or a jar on its path). */
  static Map<String, String> bundledMarkdown(ClassLoader loader) {
    URL readme = loader.getResource(RESOURCE_DIR + "/README.md");
    if (readme == null) {
      return Map.of();
    }
    try {
      URI uri = readme.toURI();
      if (uri.getScheme().equals("jar")) {
        // jar:file:/path/app.jar!/runbooks/README.md; a private file system of the jar.
        String spec = uri.getRawSchemeSpecificPart();
        int bang = spec.indexOf("!/");
        Path jar = Path.of(URI.create(spec.substring(0, bang)));
        try (FileSystem fs = FileSystems.newFileSystem(jar)) {
          return read(fs.getPath(spec.substring(bang + 1)).getParent());
        }
      }
      return read(Path.of(uri).getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bundled runbooks", e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        String file = p.getFileName().toString();
        String name = file.endsWith(".md") ? file.substring(0, file.length() - 3) : "";
        if (ALERTNAME.matcher(name).matches() && !name.equals("README")) {
          try (InputStream in = Files.newInputStream(p)) {
            out.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return out;
  }
}
