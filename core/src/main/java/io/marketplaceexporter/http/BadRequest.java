package io.marketplaceexporter.http;

/**
 * A client error with the status and the message to send back; the HTTP server answers it as {@code
 * {"error": message}}. Public so that routes added through {@code extraRoutes} answer alike.
 */
public final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;

  public BadRequest(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
