package io.marketplaceexporter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's temporary files and directories (request files for wrk, configurations, server
 * logs, the exporter's state directories), all in one directory per run that is deleted on the way
 * out, once the servers are stopped ({@link Server}). A run writes hundreds of megabytes there (the
 * request files of the million-series loads), and none of it is a result: the results go to {@code
 * --out}.
 */
final class Scratch {
  private static Path dir;

  private Scratch() {}

  /** The run's directory, created on first use. */
  static synchronized Path dir() throws IOException {
    if (dir == null) {
      dir = Files.createTempDirectory("marketplace-bench");
    }
    return dir;
  }

  static Path file(String prefix, String suffix) throws IOException {
    return Files.createTempFile(dir(), prefix, suffix);
  }

  static Path directory(String prefix) throws IOException {
    return Files.createTempDirectory(dir(), prefix);
  }

  /** Deletes the run's directory, if one was made. */
  static synchronized void delete() {
    if (dir != null) {
      Server.deleteTree(dir);
      dir = null;
    }
  }
}
