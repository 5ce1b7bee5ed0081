package io.marketplaceexporter.plugin.demo;

import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.Notice;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The demo's chat group {@code demo/chat}: the exporter's notices posted to it ("Rollback started
 * by demo", accepted or failed) are kept in memory, the newest {@link #KEPT}, for the demo page.
 * Posts to any other group are not taken (the relay's targets answer those).
 */
final class DemoNotices implements ChatPoster {
  /** The group the demo page issues its approval links for. */
  static final ChatGroup GROUP = new ChatGroup("demo", "chat");

  /** How many notices are kept. */
  static final int KEPT = 20;

  /** A notice as the demo group received it. */
  record Received(Instant at, Notice notice) {}

  private final Clock clock;
  private final Deque<Received> received = new ArrayDeque<>();

  DemoNotices(Clock clock) {
    this.clock = clock;
  }

  @Override
  public synchronized boolean post(ChatGroup group, Notice notice) {
    if (!GROUP.equals(group)) {
      return false;
    }
    received.addFirst(new Received(clock.instant(), notice));
    while (received.size() > KEPT) {
      received.removeLast();
    }
    return true;
  }

  /** The kept notices, newest first. */
  synchronized List<Received> newestFirst() {
    return new ArrayList<>(received);
  }
}
