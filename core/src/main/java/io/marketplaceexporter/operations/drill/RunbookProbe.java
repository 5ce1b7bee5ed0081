package io.marketplaceexporter.operations.drill;

import java.io.IOException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Whether an alert's runbook link answers: {@code HEAD}, and {@code GET} when the server does not
 * allow {@code HEAD} (405); redirects are not followed (a 3xx is an answer), the body is never
 * read, and the whole call is bounded by {@code drills.runbook_timeout}.
 */
public final class RunbookProbe {
  /** What the link answered: an HTTP status, or 0 and why no answer came. */
  public record Answer(int status, String error) {
    /** A 2xx or 3xx: the link leads somewhere. */
    public boolean answered() {
      return status >= 200 && status < 400;
    }
  }

  private final OkHttpClient http;

  public RunbookProbe(OkHttpClient shared, Duration timeout) {
    this.http = noRedirects(shared, timeout);
  }

  /** A variant of {@code shared} that follows no redirect and gives up after {@code timeout}. */
  static OkHttpClient noRedirects(OkHttpClient shared, Duration timeout) {
    return shared
        .newBuilder()
        .followRedirects(false)
        .followSslRedirects(false)
        .callTimeout(timeout)
        .build();
  }

  public Answer check(String link) {
    HttpUrl url = HttpUrl.parse(link);
    if (url == null) {
      return new Answer(0, "not an http(s) URL");
    }
    try {
      int status = status(url, "HEAD");
      return new Answer(status == 405 ? status(url, "GET") : status, "");
    } catch (IOException e) {
      return new Answer(0, e.getClass().getSimpleName());
    }
  }

  private int status(HttpUrl url, String method) throws IOException {
    try (Response r =
        http.newCall(new Request.Builder().url(url).method(method, null).build()).execute()) {
      return r.code();
    }
  }
}
