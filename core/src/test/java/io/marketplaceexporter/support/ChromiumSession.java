package io.marketplaceexporter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * Debian's headless Chromium kept open and driven through the Chrome DevTools protocol over its
 * WebSocket (OkHttp's client; no driver). Started with {@link Chromium}'s flags, a fresh profile
 * and a phone-sized window; it may load only loopback URLs, and {@link #close()} kills it with
 * every process it started. Every wait has a deadline ({@link Chromium#TIMEOUT}).
 */
public final class ChromiumSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How many times a Chromium that exits before the session is established is started. */
  static final int LAUNCHES = 3;

  /** Chromium's standard output and error, in its profile. */
  private static final String LOG = "chromium-output.log";

  private final Process process;
  private final Path profile;
  private final Set<ProcessHandle> started = new HashSet<>();
  private final OkHttpClient http =
      new OkHttpClient.Builder().followRedirects(false).callTimeout(Duration.ofSeconds(30)).build();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<String> loads = new LinkedBlockingQueue<>();
  private final AtomicInteger ids = new AtomicInteger();
  private WebSocket socket;

  private ChromiumSession(Process process, Path profile) {
    this.process = process;
    this.profile = profile;
  }

  /**
   * Starts Chromium and connects to its page. A Chromium that exits, or stops listening, before the
   * session is established is started again with a fresh profile, {@link #LAUNCHES} times at most;
   * the error then carries what each run printed.
   */
  static ChromiumSession open(int width, int height) {
    List<String> failures = new ArrayList<>();
    for (int launch = 1; launch <= LAUNCHES; launch++) {
      ChromiumSession s = launch(width, height);
      try {
        s.connect(width, height);
        return s;
      } catch (BrowserGone e) {
        failures.add("launch " + launch + ": " + e.getMessage() + "; it printed: " + s.output());
        s.close();
      } catch (RuntimeException | Error e) {
        s.close();
        throw e;
      }
    }
    throw new AssertionError("chromium did not stay up to be connected to: " + failures);
  }

  private static ChromiumSession launch(int width, int height) {
    Path profile;
    try {
      profile = Files.createTempDirectory("chromium-profile");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Chromium.executable().toString());
    cmd.addAll(Chromium.FLAGS);
    cmd.add("--user-data-dir=" + profile);
    cmd.add("--remote-debugging-address=127.0.0.1");
    cmd.add("--remote-debugging-port=0");
    cmd.add("--window-size=" + width + "," + height);
    cmd.add("about:blank");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve(LOG).toFile());
    pb.environment().put("HOME", profile.toString());
    try {
      return new ChromiumSession(pb.start(), profile);
    } catch (IOException e) {
      Chromium.deleteRecursively(profile);
      throw new UncheckedIOException(e);
    }
  }

  /** The last lines Chromium printed, for an error message. */
  private String output() {
    try {
      List<String> lines = Files.readAllLines(profile.resolve(LOG), StandardCharsets.UTF_8);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(nothing readable: " + e + ")";
    }
  }

  /** Chromium exited before the session was established. */
  private static final class BrowserGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BrowserGone(String message) {
      super(message);
    }
  }

  private void connect(int width, int height) {
    long deadline = System.nanoTime() + Chromium.TIMEOUT.toNanos();
    String port = awaitPortFile(deadline);
    String wsUrl = null;
    while (wsUrl == null) {
      try (Response r =
          http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/json/list").build())
              .execute()) {
        for (JsonNode t : JSON.readTree(r.body().string())) {
          if ("page".equals(t.path("type").asText())) {
            wsUrl = t.get("webSocketDebuggerUrl").asText();
          }
        }
        if (wsUrl == null) {
          throw new AssertionError("no page target on chromium's DevTools port");
        }
      } catch (ConnectException e) {
        // The port file is written once the socket listens, so a refusal means Chromium is going
        // away: wait for that, within the deadline, and start another.
        awaitExit(deadline, "chromium's DevTools port " + port + " refused a connection: " + e);
        throw new BrowserGone("exited with " + process.exitValue() + " after writing its port");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!wsUrl.startsWith("ws://127.0.0.1:")) {
      throw new AssertionError("the page target is not on loopback: " + wsUrl);
    }
    socket =
        http.newWebSocket(
            new Request.Builder().url(wsUrl).build(),
            new WebSocketListener() {
              @Override
              public void onMessage(WebSocket ws, String text) {
                received(text);
              }

              @Override
              public void onFailure(WebSocket ws, Throwable t, Response r) {
                pending.values().forEach(f -> f.completeExceptionally(t));
              }
            });
    call("Page.enable", Map.of());
    call(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
  }

  /** The port Chromium writes to its profile once its DevTools socket listens. */
  private String awaitPortFile(long deadline) {
    Path portFile = profile.resolve("DevToolsActivePort");
    while (true) {
      process.descendants().forEach(started::add);
      if (!process.isAlive()) {
        throw new BrowserGone("exited with " + process.exitValue() + " before writing its port");
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "chromium did not open its DevTools port within " + Chromium.TIMEOUT);
      }
      try {
        List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
        if (lines.size() >= 2) {
          return lines.get(0).strip();
        }
        process.waitFor(50, TimeUnit.MILLISECONDS);
      } catch (IOException e) {
        // written as we read: read again
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  /**
   * Waits, within {@code deadline}, for Chromium to exit; fails with {@code why} if it does not.
   */
  private void awaitExit(long deadline, String why) {
    try {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !process.waitFor(left, TimeUnit.NANOSECONDS)) {
        throw new AssertionError(why + ", yet chromium kept running");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private void received(String text) {
    try {
      JsonNode m = JSON.readTree(text);
      if (m.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
        if (f != null) {
          f.complete(m);
        }
      } else if ("Page.loadEventFired".equals(m.path("method").asText())) {
        loads.add(text);
      }
    } catch (IOException e) {
      // not JSON: not the protocol
    }
  }

  /** Sends one DevTools command and waits for its result. */
  public JsonNode call(String method, Map<String, Object> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode m = JSON.createObjectNode();
    m.put("id", id);
    m.put("method", method);
    m.set("params", JSON.valueToTree(params));
    socket.send(m.toString());
    try {
      JsonNode answer = f.get(Chromium.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      if (answer.has("error")) {
        throw new AssertionError(method + ": " + answer.get("error"));
      }
      return answer.path("result");
    } catch (Exception e) {
      throw new AssertionError(method + " failed", e);
    }
  }

  /** Loads {@code url} (loopback only) and waits until its load event. */
  public void navigate(String url) {
    Chromium.requireLoopback(url);
    loads.clear();
    call("Page.navigate", Map.of("url", url));
    awaitLoad();
  }

  /**
   * Runs {@code script} in the page (as the test's driver, not as the page) and returns its value.
   */
  public String evaluate(String script) {
    JsonNode r = call("Runtime.evaluate", Map.of("expression", script, "returnByValue", true));
    return r.path("result").path("value").asText();
  }

  /** Clicks the element {@code selector} names and waits for the page it leads to. */
  public void clickAndWait(String selector) {
    loads.clear();
    evaluate("document.querySelector(" + JSON.valueToTree(selector) + ").click(); true");
    awaitLoad();
  }

  /** Types {@code value} into the input {@code selector} names. */
  public void fill(String selector, String value) {
    evaluate(
        "document.querySelector("
            + JSON.valueToTree(selector)
            + ").value = "
            + JSON.valueToTree(value)
            + "; true");
  }

  /** The visible text of the page. */
  public String text() {
    return evaluate("document.body.innerText");
  }

  /** A PNG of the viewport. */
  public void screenshot(Path png) {
    String data = call("Page.captureScreenshot", Map.of("format", "png")).get("data").asText();
    try {
      Files.write(png, Base64.getDecoder().decode(data.getBytes(StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitLoad() {
    try {
      if (loads.poll(Chromium.TIMEOUT.toSeconds(), TimeUnit.SECONDS) == null) {
        throw new AssertionError("the page did not load within " + Chromium.TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    if (socket != null) {
      socket.cancel();
    }
    process.descendants().forEach(started::add);
    started.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    Chromium.deleteRecursively(profile);
  }
}
