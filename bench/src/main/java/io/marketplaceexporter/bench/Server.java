package io.marketplaceexporter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server process of the benchmark (the exporter, the Pushgateway, nginx, Prometheus) on a free
 * loopback port.
 */
final class Server implements AutoCloseable {
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final long CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

  /** Processes started and not yet stopped: stopped on the way out, also on Ctrl-C. */
  private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(Server::stopAllAndCleanUp, "bench-stop-servers"));
  }

  /**
   * On the way out, also on Ctrl-C: stops every server still running, waits for them, and deletes
   * the run's temporary files.
   */
  private static void stopAllAndCleanUp() {
    RUNNING.forEach(Process::destroy);
    for (Process p : RUNNING) {
      try {
        if (!p.waitFor(15, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        p.destroyForcibly();
      }
    }
    Scratch.delete();
  }

  final String name;
  final int port;
  final Process process;
  final Path log;

  private Server(String name, int port, Process process, Path log) {
    this.name = name;
    this.port = port;
    this.process = process;
    this.log = log;
  }

  /** How long a server may take to answer its health path after starting. */
  static final Duration START_TIMEOUT = Duration.ofMinutes(3);

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Starts {@code command} and waits until {@code healthPath} answers 200. */
  static Server start(String name, int port, List<String> command, String healthPath)
      throws IOException, InterruptedException {
    Path log = Scratch.file(name, ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    RUNNING.add(p);
    Server s = new Server(name, port, p, log);
    // Generous: 10,000 sources and a JFR recording on a busy shared machine took over a minute.
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IllegalStateException(name + " exited: " + Files.readString(log));
      }
      try {
        if (s.get(healthPath).statusCode() == 200) {
          return s;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    s.close();
    throw new IllegalStateException(
        name + " did not become healthy in " + START_TIMEOUT.toSeconds() + " s");
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(120)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path, String body, String contentType)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url(path)))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(name + " answered " + r.statusCode() + ": " + r.body());
    }
    return r;
  }

  /** User plus system CPU time of the process so far, from /proc. */
  double cpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS_PER_SECOND;
  }

  /**
   * Waits until the process used at most {@code share} of one core over {@code over} (work left
   * from loading, such as its first state snapshot, done), for at most {@code within}. Returns the
   * seconds waited, or -1 when it did not settle.
   */
  double awaitQuiet(double share, Duration over, Duration within)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + within.toNanos();
    while (System.nanoTime() < deadline) {
      double before = cpuSeconds();
      long start = System.nanoTime();
      Thread.sleep(over.toMillis());
      double used = (cpuSeconds() - before) / ((System.nanoTime() - start) / 1e9);
      if (used <= share) {
        return (System.nanoTime() - t0) / 1e9;
      }
    }
    return -1;
  }

  /** Resident set size in bytes, from /proc. */
  long rssBytes() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  /** The process's thread count, from /proc. */
  int threads() throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("Threads:")) {
        return Integer.parseInt(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /** Runs a full GC in a JVM server ({@code jcmd <pid> GC.run}). */
  void fullGc() throws IOException, InterruptedException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.run")
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("jcmd GC.run failed for " + name);
    }
  }

  /** Deletes a directory and everything under it, as far as it can. */
  static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }

  @Override
  public void close() {
    RUNNING.remove(process);
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
