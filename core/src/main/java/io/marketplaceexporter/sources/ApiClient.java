package io.marketplaceexporter.sources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.ingest.Event;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.json.JsonMappers;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.model.Vocabulary.ApiCode;
import io.marketplaceexporter.retry.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Makes one marketplace API call and feeds it to the contract as an {@code api_call} event (count
 * by result class, latency, quota where the API reports it), exactly as a pushed event would
 * (unless built without a shop, for a source that is not a marketplace API). Failures become {@link
 * PollException}s whose messages name the operation and status only.
 */
public final class ApiClient {
  private static final ObjectMapper JSON = JsonMappers.standard();

  /** The source option that raises (or lowers) {@link #DEFAULT_MAX_BODY_BYTES}. */
  public static final String MAX_BODY_OPTION = "max_response_bytes";

  /**
   * The largest answer read by default, 4 MiB; a bigger one is a {@code malformed} poll that names
   * {@link #MAX_BODY_OPTION}, never a memory risk. A JSON answer takes many times its size in heap
   * while it is parsed and mapped (a 30 MB answer took over 2 GB), so the bound is kept well below
   * what the heap holds: raise it only with the heap ({@code docs/sources.md}).
   */
  public static final int DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

  /** The largest value of {@link #MAX_BODY_OPTION}: 64 MiB. */
  static final int MAX_MAX_BODY_BYTES = 64 * 1024 * 1024;

  private final OkHttpClient http;
  private final IngestService ingest;
  private final ShopKey shop;
  private final Classifier classifier;
  private final Clock clock;
  private final int maxBodyBytes;
  private final String maxBodyKey;
  private final CallRates.Gate gate;

  /** What one answer means: its result class, and the poll error it is, if any. */
  public record Verdict(ApiCode code, PollError error, String detail) {
    public static Verdict ok(int status) {
      return new Verdict(ApiCode.ofStatus(status), null, null);
    }
  }

  /** Reads an answer; {@code body} is null when it is not JSON. */
  @FunctionalInterface
  public interface Classifier {
    Verdict classify(int status, JsonNode body);
  }

  /** A quota read from response headers; NaN where not reported. */
  public record Quota(double limit, double remaining) {
    public static final Quota NONE = new Quota(Double.NaN, Double.NaN);
  }

  /** Reads the quota from the headers of an answer. */
  @FunctionalInterface
  public interface QuotaReader {
    Quota read(Headers headers);
  }

  /**
   * The client of one source: its HTTP client, ingest and clock, and the largest answer it reads
   * (option {@code max_response_bytes}, default {@link #DEFAULT_MAX_BODY_BYTES}). {@code shop} is
   * null for a source that is not one shop's marketplace API.
   */
  public ApiClient(SourceSetup setup, ShopKey shop, Classifier classifier) {
    this(setup, shop, classifier, CallRates.Gate.OPEN);
  }

  /**
   * As above, every call first taking a permit from {@code gate}: the marketplace's documented
   * rates ({@link CallRates}).
   */
  public ApiClient(SourceSetup setup, ShopKey shop, Classifier classifier, CallRates.Gate gate) {
    this.gate = gate;
    this.http = setup.http();
    this.ingest = setup.ingest();
    this.shop = shop;
    this.classifier = classifier;
    this.clock = setup.clock();
    this.maxBodyKey = setup.key("options." + MAX_BODY_OPTION);
    this.maxBodyBytes = maxBodyBytes(setup.option(MAX_BODY_OPTION, null), maxBodyKey);
  }

  private static int maxBodyBytes(String value, String key) {
    if (value == null) {
      return DEFAULT_MAX_BODY_BYTES;
    }
    try {
      int n = Integer.parseInt(value.strip());
      if (n >= 1024 && n <= MAX_MAX_BODY_BYTES) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new ConfigException(
        key + ": must be a whole number of bytes 1024.." + MAX_MAX_BODY_BYTES);
  }

  /** The verdict from the HTTP status alone: 401/403 auth, 429 throttled, other 4xx, 5xx. */
  public static Verdict byStatus(int status, JsonNode body) {
    ApiCode code = ApiCode.ofStatus(Math.max(200, Math.min(599, status)));
    PollError error =
        switch (code) {
          case C2XX -> null;
          case C429 -> PollError.THROTTLED;
          case C5XX -> PollError.HTTP_5XX;
          case C4XX -> status == 401 || status == 403 ? PollError.AUTH : PollError.HTTP_4XX;
          default -> PollError.API_ERROR; // 3xx: redirects are not followed
        };
    return new Verdict(code, error, error == null ? null : "HTTP " + status);
  }

  /**
   * The verdict for an answer carrying the marketplace's own error code ({@code error} for Shopee,
   * {@code code} for Lazada and TikTok Shop). Marketplaces document many codes and add more, so the
   * class is read from what the code and message say: rate limits, signatures, tokens and server
   * faults; anything else is an {@code api_error}.
   */
  public static Verdict byError(int status, String error, String message) {
    String e = (error + " " + message).toLowerCase(java.util.Locale.ROOT);
    ApiCode http = ApiCode.ofStatus(Math.max(200, Math.min(599, status)));
    ApiCode client = http == ApiCode.C2XX ? ApiCode.C4XX : http;
    String detail = "error " + error;
    if (status == 429 || e.contains("too_many") || e.contains("limit")) {
      return new Verdict(ApiCode.C429, PollError.THROTTLED, detail);
    }
    if (e.contains("sign")) {
      return new Verdict(client, PollError.SIGNATURE, detail);
    }
    if (e.contains("auth") || e.contains("token") || e.contains("permission")) {
      return new Verdict(client, PollError.AUTH, detail);
    }
    if (status >= 500 || e.contains("server") || e.contains("inner") || e.contains("busy")) {
      return new Verdict(ApiCode.C5XX, PollError.HTTP_5XX, detail);
    }
    return new Verdict(client, PollError.API_ERROR, detail);
  }

  public JsonNode call(String operation, Request request) throws PollException {
    return call(operation, request, h -> Quota.NONE);
  }

  /**
   * Calls and returns the JSON body of a successful answer, once the documented rates allow the
   * call (else a {@code throttled} poll, without calling).
   */
  public JsonNode call(String operation, Request request, QuotaReader quota) throws PollException {
    gate.acquire(operation);
    long start = System.nanoTime();
    try (Response r = http.newCall(request).execute()) {
      Body answer;
      try (InputStream in = r.body().byteStream()) {
        answer = Body.read(in, maxBodyBytes + 1);
      } catch (IOException e) {
        record(operation, ApiCode.ERROR, start, Quota.NONE);
        throw failure(operation, e, "reading the response body");
      }
      if (answer.length() > maxBodyBytes) {
        record(
            operation, ApiCode.ofStatus(Math.max(200, Math.min(599, r.code()))), start, Quota.NONE);
        throw new PollException(
            PollError.MALFORMED,
            operation + ": answer larger than " + maxBodyBytes + " bytes (" + maxBodyKey + ")");
      }
      JsonNode body = parse(answer);
      Verdict v = classifier.classify(r.code(), body);
      record(operation, v.code(), start, quota.read(r.headers()));
      if (v.error() != null) {
        Duration retryAfter =
            v.error() == PollError.THROTTLED || r.code() == 503
                ? RetryPolicy.parseRetryAfter(r.header("Retry-After"), clock)
                : null;
        throw new PollException(v.error(), operation + ": " + v.detail(), retryAfter);
      }
      if (body == null) {
        throw new PollException(
            PollError.MALFORMED, operation + ": HTTP " + r.code() + " answer is not JSON");
      }
      return body;
    } catch (IOException e) {
      record(operation, ApiCode.ERROR, start, Quota.NONE);
      throw failure(operation, e, "calling");
    }
  }

  private static PollException failure(String operation, IOException e, String what) {
    PollError reason =
        e instanceof InterruptedIOException ? PollError.TIMEOUT : PollError.CONNECTION;
    return new PollException(
        reason, operation + ": " + what + " failed: " + e.getClass().getSimpleName());
  }

  private void record(String operation, ApiCode code, long startNanos, Quota q) {
    if (shop == null) {
      return;
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    ingest.ingestPolled(
        new Event.ApiCall(shop, operation, code, seconds, q.limit(), q.remaining()));
  }

  /**
   * The body as a JSON object or array, else null. Read straight from the bytes (Jackson's UTF-8
   * parser, the cheaper one); a body that parser refuses, such as one with a malformed UTF-8
   * sequence inside a string, is read again as text with the sequence replaced, as before.
   */
  private static JsonNode parse(Body body) {
    if (isBlank(body)) {
      return null;
    }
    try {
      return container(JSON.readTree(body.bytes(), 0, body.length()));
    } catch (IOException e) {
      try {
        return container(
            JSON.readTree(new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8)));
      } catch (JsonProcessingException notJson) {
        return null;
      }
    }
  }

  /**
   * An answer's first {@code length} bytes, read into a buffer the calling thread reuses (up to
   * {@link #KEPT_BUFFER} bytes): a fresh buffer for every call was a fifth of all the bytes the
   * exporter allocated while polling 10,000 shops. The bytes are valid until the thread reads the
   * next answer; the parsed tree does not refer to them.
   */
  private record Body(byte[] bytes, int length) {
    private static final int KEPT_BUFFER = 64 * 1024;
    private static final ThreadLocal<byte[]> BUFFERS =
        ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    /** Reads {@code in} to its end or to {@code limit} bytes, whichever comes first. */
    static Body read(InputStream in, int limit) throws IOException {
      byte[] buf = BUFFERS.get();
      int n = 0;
      while (n < limit) {
        if (n == buf.length) {
          buf = Arrays.copyOf(buf, (int) Math.min(limit, 2L * buf.length));
          if (buf.length <= KEPT_BUFFER) {
            BUFFERS.set(buf);
          }
        }
        int r = in.read(buf, n, Math.min(buf.length, limit) - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
      return new Body(buf, n);
    }
  }

  private static JsonNode container(JsonNode n) {
    return n != null && n.isContainerNode() ? n : null;
  }

  private static boolean isBlank(Body body) {
    byte[] bytes = body.bytes();
    for (int i = 0; i < body.length(); i++) {
      if (!Character.isWhitespace(bytes[i])) {
        return false;
      }
    }
    return true;
  }

  /** The JSON mapper the connectors share for request bodies. */
  public static ObjectMapper json() {
    return JSON;
  }
}
