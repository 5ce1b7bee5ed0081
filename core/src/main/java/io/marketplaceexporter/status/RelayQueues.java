package io.marketplaceexporter.status;

import java.util.List;

/**
 * What the alert relay tells the status page: one entry per configured target. The relay implements
 * it, so that the page needs nothing else of the relay.
 */
public interface RelayQueues {
  /** A relay without targets. */
  RelayQueues NONE = List::of;

  List<QueueStatus> queues();
}
