package io.marketplaceexporter.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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

  static ChromiumSession open(int width, int height) {
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
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().put("HOME", profile.toString());
    ChromiumSession s;
    try {
      s = new ChromiumSession(pb.start(), profile);
    } catch (IOException e) {
      Chromium.deleteRecursively(profile);
      throw new UncheckedIOException(e);
    }
    try {
      s.connect(width, height);
      return s;
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    }
  }

  private void connect(int width, int height) {
    Path portFile = profile.resolve("DevToolsActivePort");
    long deadline = System.nanoTime() + Chromium.TIMEOUT.toNanos();
    String port = null;
    while (port == null) {
      process.descendants().forEach(started::add);
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("chromium did not open its DevTools port");
      }
      try {
        List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
        port = lines.size() >= 2 ? lines.get(0).strip() : null;
        if (port == null) {
          process.waitFor(50, TimeUnit.MILLISECONDS);
        }
      } catch (IOException e) {
        port = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
    String wsUrl = null;
    try (Response r =
        http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/json/list").build())
            .execute()) {
      for (JsonNode t : JSON.readTree(r.body().string())) {
        if ("page".equals(t.path("type").asText())) {
          wsUrl = t.get("webSocketDebuggerUrl").asText();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (wsUrl == null || !wsUrl.startsWith("ws://127.0.0.1:")) {
      throw new AssertionError("no page target on chromium's DevTools port: " + wsUrl);
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
