package io.marketplaceexporter.sources;

import java.util.Locale;

/**
 * Why a poll failed: the {@code reason} label of {@code marketplace_exporter_poll_errors_total}.
 * Documented in {@code docs/metrics.md}, section Sources.
 */
public enum PollError {
  /** No complete answer within the source's timeout (connect, read or whole call). */
  TIMEOUT,
  /** Connection refused or reset, DNS failure, a body cut off mid-way. */
  CONNECTION,
  /** HTTP 429 or the marketplace's own rate-limit error: the source keeps its health. */
  THROTTLED,
  /** HTTP 5xx or the marketplace's server error. */
  HTTP_5XX,
  /** HTTP 4xx other than 401, 403 and 429. */
  HTTP_4XX,
  /** Rejected credentials: HTTP 401/403, an expired or revoked token, a failed token refresh. */
  AUTH,
  /** The marketplace rejected the request signature. */
  SIGNATURE,
  /** The response is not the JSON the API documents: HTML, truncated, a field missing. */
  MALFORMED,
  /** A well-formed error answer the other reasons do not cover (Shopee's {@code error}, ...). */
  API_ERROR,
  /** A generic source's mapping produced events the ingest validation rejected. */
  MAPPING,
  /** A bug in the connector; logged with its type and where it happened, not its message. */
  INTERNAL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Worth backing off for: the source is overloaded or unreachable, not wrong. */
  public boolean transientFailure() {
    return this == TIMEOUT || this == CONNECTION || this == THROTTLED || this == HTTP_5XX;
  }
}
