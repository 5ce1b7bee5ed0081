package io.marketplaceexporter.alerting;

/** What a robot's answer means for the message: delivered, worth retrying, or given up. */
record Verdict(Kind kind, String reason) {
  enum Kind {
    /** Delivered. */
    SENT,
    /** A transient failure (5xx, timeout, unreadable answer): retry with backoff. */
    RETRY,
    /** The robot's rate limit: retry later, and send nothing more to this robot for a while. */
    RATE_LIMITED,
    /** The message is too large for the robot: shorten it and retry. */
    TOO_LARGE,
    /** Retrying cannot help (bad signature, bad request): drop, log and count. */
    DROP
  }

  static Verdict sent() {
    return new Verdict(Kind.SENT, "ok");
  }
}
