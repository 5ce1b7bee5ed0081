package io.marketplaceexporter.status;

import java.time.Instant;

/**
 * One alert relay target (a chat robot, or a group of them) now: how many notifications wait, since
 * when the oldest waits, when a message last reached the robot, and how many notifications were
 * given up since start ({@code marketplace_exporter_notifications_dropped_total}, all reasons).
 */
public record QueueStatus(
    String channel,
    String target,
    int robots,
    int depth,
    Instant oldestWaiting,
    Instant lastDelivery,
    long dropped) {}
