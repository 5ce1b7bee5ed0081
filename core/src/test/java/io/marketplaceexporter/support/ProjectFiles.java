package io.marketplaceexporter.support;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds files of the repository (docs, rules) from the tests. */
public final class ProjectFiles {
  private ProjectFiles() {}

  /** The repository root: {@code project.root} from Maven, else the nearest parent with docs/. */
  public static Path root() {
    String prop = System.getProperty("project.root");
    if (prop != null && Files.isRegularFile(Path.of(prop, "docs", "metrics.md"))) {
      return Path.of(prop).toAbsolutePath().normalize();
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isRegularFile(p.resolve("docs/metrics.md"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException("cannot find the repository root (docs/metrics.md)");
    }
    return p;
  }
}
