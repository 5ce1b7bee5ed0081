package io.marketplaceexporter.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.marketplaceexporter.json.JsonMappers;
import java.util.UUID;

/**
 * What every sandbox API shares: JSON answers, and the faults that hit a marketplace call (slowness
 * first, then throttling or a server error), each answered in the marketplace's format.
 */
abstract class SandboxApi {
  static final ObjectMapper JSON = JsonMappers.standard();

  protected final Sandbox sandbox;

  SandboxApi(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  abstract void register(RoutesConfig routes);

  /** Writes an error body in the marketplace's format. */
  @FunctionalInterface
  interface ErrorWriter {
    void write(Context ctx, int status, String code, String message);
  }

  static ObjectNode object() {
    return JSON.createObjectNode();
  }

  static String requestId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  static void json(Context ctx, int status, JsonNode body) {
    try {
      ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode body(Context ctx) {
    try {
      String b = ctx.body();
      return b.isBlank() ? object() : JSON.readTree(b);
    } catch (JsonProcessingException e) {
      return object();
    }
  }

  /**
   * Plays the faults on a marketplace API call of {@code shop}; true when one answered it. Token
   * endpoints do not call this: throttling and server errors hit the data calls.
   */
  boolean faulted(Context ctx, SandboxShop shop, ErrorWriter errors) {
    sandbox.countDataCall(shop);
    Faults.Fault slow = sandbox.faults().active(FaultKind.SLOW, shop.shop());
    if (slow != null) {
      try {
        Thread.sleep(slow.delay().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (sandbox.faults().playing(FaultKind.THROTTLE, shop.shop())) {
      ctx.header("Retry-After", "5");
      errors.write(ctx, 429, "throttled", "Too many requests, the request quota was exceeded");
      return true;
    }
    if (sandbox.faults().playing(FaultKind.SERVER_ERROR, shop.shop())) {
      errors.write(ctx, 500, "server", "Internal server error");
      return true;
    }
    return false;
  }
}
