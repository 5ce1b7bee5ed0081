package io.marketplaceexporter.web;

/**
 * What {@link WebSecurity#admit} decided about a request: it may go on, or it is refused with an
 * HTTP status and a message that names the web configuration's key behind the refusal.
 */
public enum Admission {
  ADMITTED(200, ""),
  /** {@code basic_auth_users}: no valid credential; {@code WWW-Authenticate} is set. */
  UNAUTHORIZED(401, "unauthorized"),
  /** {@code rate_limit}: the token bucket is empty; {@code Retry-After} is set. */
  RATE_LIMITED(429, "too many requests (rate_limit of the web configuration file)");

  private final int status;
  private final String message;

  Admission(int status, String message) {
    this.status = status;
    this.message = message;
  }

  public boolean refused() {
    return this != ADMITTED;
  }

  /** The HTTP status of a refusal. */
  public int status() {
    return status;
  }

  /** The error message of a refusal. */
  public String message() {
    return message;
  }
}
