package io.marketplaceexporter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, for tests of the pages the exporter serves. Fails (never skips) when
 * it is not installed: {@code .ci/install} installs it. Each run gets a fresh profile, may load
 * only a loopback URL, resolves no other host name, and is killed with every process it started
 * when it exits or outlives {@link #TIMEOUT}. Runs as root need {@code --no-sandbox}.
 */
public final class Chromium {
  /** The longest a run may take; a loaded 2-core machine needs a few seconds. */
  static final Duration TIMEOUT = Duration.ofSeconds(90);

  /** The flags of every run: no sandbox (root), no GPU, and nothing that goes to the network. */
  static final List<String> FLAGS =
      List.of(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--no-first-run",
          "--no-default-browser-check",
          "--disable-extensions",
          "--disable-features=Translate,MediaRouter,OptimizationHints",
          "--no-proxy-server",
          // Any host name but loopback fails to resolve: nothing can leave the machine.
          "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1");

  private Chromium() {}

  /** The {@code chromium} on the PATH, or an assertion error that says how to install it. */
  static Path executable() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, "chromium");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    throw new AssertionError(
        "chromium is not installed: apt-get install chromium (.ci/install installs it)");
  }

  /** The DOM of {@code url} after loading, as Chromium serialises it. */
  public static String dumpDom(String url) {
    try {
      Path out = Files.createTempFile("chromium-dom", ".html");
      try {
        run(url, out, List.of("--dump-dom", url));
        return Files.readString(out, StandardCharsets.UTF_8);
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A PNG screenshot of {@code url} in a window of {@code width} x {@code height}. */
  public static void screenshot(String url, Path png, int width, int height) {
    run(
        url,
        null,
        List.of(
            "--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height, url));
  }

  /**
   * A browser that stays open and is driven through the Chrome DevTools protocol ({@link
   * ChromiumSession}): for pages a test must click through, such as a form.
   */
  public static ChromiumSession session(int width, int height) {
    return ChromiumSession.open(width, height);
  }

  /** Fails unless {@code url} is on loopback: nothing a test loads may leave the machine. */
  static void requireLoopback(String url) {
    if (!url.startsWith("http://127.0.0.1:")) {
      throw new IllegalArgumentException("only a loopback URL may be loaded: " + url);
    }
  }

  private static void run(String url, Path stdout, List<String> args) {
    requireLoopback(url);
    Path profile = null;
    Process p = null;
    Set<ProcessHandle> started = new HashSet<>();
    try {
      profile = Files.createTempDirectory("chromium-profile");
      List<String> cmd = new ArrayList<>();
      cmd.add(executable().toString());
      cmd.addAll(FLAGS);
      cmd.add("--user-data-dir=" + profile);
      cmd.addAll(args);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
      pb.redirectOutput(
          stdout == null
              ? ProcessBuilder.Redirect.DISCARD
              : ProcessBuilder.Redirect.to(stdout.toFile()));
      pb.environment().put("HOME", profile.toString());
      p = pb.start();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      // Note every process Chromium starts while it runs, to kill any that outlive it.
      while (p.isAlive() && System.nanoTime() < deadline) {
        p.descendants().forEach(started::add);
        p.waitFor(50, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      if (p.isAlive()) {
        throw new AssertionError("chromium did not finish within " + TIMEOUT + ": " + cmd);
      }
      if (p.exitValue() != 0) {
        throw new AssertionError("chromium exited with " + p.exitValue() + ": " + cmd);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while chromium ran", e);
    } finally {
      if (p != null) {
        p.descendants().forEach(started::add);
        started.forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
      deleteRecursively(profile);
    }
  }

  static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a profile file still held by a dying process: left in the temporary directory
    }
  }
}
