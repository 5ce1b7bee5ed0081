package io.marketplaceexporter.operations;

/**
 * Posts a {@link Notice} to a group through the relay's queue for that target (with its retries,
 * rate limit and signing). The relay plug-in implements it; without a relay, or for a group the
 * relay does not know, nothing is posted and {@link #post} says so.
 */
public interface ChatPoster {
  /** Posts nowhere. */
  ChatPoster NONE = (group, notice) -> false;

  /**
   * Queues {@code notice} for {@code group}; false when no such target is configured or its queue
   * is full (the caller counts it, it never throws).
   */
  boolean post(ChatGroup group, Notice notice);
}
