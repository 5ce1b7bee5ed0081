package io.marketplaceexporter.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus' {@code promtool} of a {@link PrometheusStack}; fails (never skips) when it is
 * not installed.
 */
public final class Promtool {
  /** Exit code and combined output. */
  public record Result(int exitCode, String output) {}

  private Promtool() {}

  /** Runs the current {@code promtool args...} with {@code stdin} as standard input. */
  public static Result run(String stdin, String... args) {
    return run(PrometheusStack.CURRENT, stdin, args);
  }

  /** Runs {@code promtool args...} of {@code stack} with {@code stdin} as standard input. */
  public static Result run(PrometheusStack stack, String stdin, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(stack.require(PrometheusStack.Tool.PROMTOOL).toString());
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try (var in = p.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("promtool did not finish in 60 s: " + cmd);
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }
}
