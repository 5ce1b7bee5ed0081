package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools the pack is checked with (promtool, amtool, jsonnet). */
public final class Tools {

  static final String PROMTOOL = "promtool";
  static final String AMTOOL = "amtool";
  public static final String JSONNET = "jsonnet";

  private static final long TIMEOUT_SECONDS = 120;

  private Tools() {}

  /** Exit code and combined stdout/stderr of one tool run. */
  public record Result(List<String> command, int exitCode, String output) {
    /** Text for assertion messages: the command and everything it printed. */
    public String describe() {
      return "$ " + String.join(" ", command) + "\n(exit code " + exitCode + ")\n" + output;
    }
  }

  /** Debian package that provides a tool, for the "please install" message. */
  static String debianPackage(String tool) {
    return switch (tool) {
      case PROMTOOL -> "prometheus";
      case AMTOOL -> "prometheus-alertmanager";
      default -> tool;
    };
  }

  /** The tool's executable on PATH; fails the test (never skips it) when it is missing. */
  public static Path require(String tool) {
    Optional<Path> found = find(tool);
    if (found.isEmpty()) {
      String pkg = debianPackage(tool);
      fail(
          "%s not found on PATH. The pack checks need it: install Debian's %s package"
              + " (apt-get install -y %s).",
          tool, pkg, pkg);
    }
    return found.get();
  }

  static Optional<Path> find(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, tool);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Runs {@code tool args...} in {@code workDir} and returns its exit code and output. */
  public static Result run(Path workDir, String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(require(tool).toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("pack-tests-" + tool, ".out");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          fail("%s did not finish within %d s: %s", tool, TIMEOUT_SECONDS, command);
        }
        List<String> shown = new ArrayList<>(command);
        shown.set(0, tool);
        return new Result(
            shown, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + command, e);
    }
  }
}
