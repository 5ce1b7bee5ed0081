package io.marketplaceexporter.alerting;

/** What a robot's answer means for the message: delivered, worth retrying, or given up. */
record Verdict(Kind kind, String reason) {
  enum Kind {
    /** Delivered. */
    SENT,
    /**
     * A transient failure (5xx, timeout, unreadable answer) or a robot error code no document makes
     * certainly permanent: retry with backoff.
     */
    RETRY,
    /** The robot's rate limit: retry later, and send nothing more to this robot for a while. */
    RATE_LIMITED,
    /** The robot refused the message as too large: shorten it (or carry fewer) and send again. */
    TOO_LARGE,
    /** Retrying cannot help (signature, keyword, IP, unknown token): drop, log once and count. */
    DROP
  }

  static Verdict sent() {
    return new Verdict(Kind.SENT, "ok");
  }
}
