package io.marketplaceexporter.packtests;

import static org.assertj.core.api.Assertions.fail;

import io.marketplaceexporter.support.PrometheusStack;
import io.marketplaceexporter.support.PrometheusStack.Tool;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the command-line tools the pack is checked with: promtool and amtool of a {@link
 * PrometheusStack} (the oldest and the current supported versions), jsonnet and others on PATH.
 */
public final class Tools {

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

  /** The tool's executable on PATH; fails the test (never skips it) when it is missing. */
  public static Path require(String tool) {
    Optional<Path> found = find(tool);
    if (found.isEmpty()) {
      fail(
          "%s not found on PATH. The pack checks need it: run `%s` (or apt-get install -y %s).",
          tool, PrometheusStack.INSTALL, tool);
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

  /** Runs {@code tool args...} (found on PATH) in {@code workDir}: its exit code and output. */
  public static Result run(Path workDir, String tool, String... args) {
    return exec(workDir, require(tool), tool, args);
  }

  /**
   * Runs {@code tool args...} of {@code stack} in {@code workDir}; the command shown in failures
   * names the binary's path, so the version is visible.
   */
  public static Result run(Path workDir, PrometheusStack stack, Tool tool, String... args) {
    Path exe = stack.require(tool);
    return exec(workDir, exe, exe.toString(), args);
  }

  private static Result exec(Path workDir, Path exe, String tool, String... args) {
    List<String> command = new ArrayList<>();
    command.add(exe.toString());
    command.addAll(List.of(args));
    try {
      Path out = Files.createTempFile("pack-tests-" + exe.getFileName(), ".out");
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
