package io.marketplaceexporter.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a limit; a larger one is a 413 that names the setting. */
public final class BoundedBody {
  private BoundedBody() {}

  /**
   * The body, at most {@code maxBytes} ({@code web.max_request_bytes}), else {@link BadRequest}.
   */
  public static byte[] read(Context ctx, long maxBytes) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(maxBytes);
    }
    try (InputStream in = ctx.bodyInputStream()) {
      byte[] bytes = in.readNBytes((int) maxBytes + 1);
      if (bytes.length > maxBytes) {
        throw tooLarge(maxBytes);
      }
      return bytes;
    }
  }

  private static BadRequest tooLarge(long maxBytes) {
    return new BadRequest(
        413, "request body is larger than " + maxBytes + " bytes (web.max_request_bytes)");
  }
}
