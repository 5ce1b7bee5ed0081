package io.marketplaceexporter.alerting;

import io.marketplaceexporter.http.BadRequest;

/** Test-only: the relay's engine deciding an HTTP status, which RELAY_ENGINE forbids. */
public final class ForbiddenHttpInTheRelay {
  private ForbiddenHttpInTheRelay() {}

  static RuntimeException refuse() {
    return new BadRequest(400, "no");
  }
}
