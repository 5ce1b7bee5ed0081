package io.marketplaceexporter.operations;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A rollback action that ran: which {@code action}, for the alert with {@code labels} (with {@code
 * alertname}), approved by {@code approver} (or {@code "automatic"}), started {@code at}; {@code
 * group} is where the approval link was posted and where the verification watch posts its verdict.
 */
public record RollbackStarted(
    String action, Map<String, String> labels, ChatGroup group, String approver, Instant at) {
  public RollbackStarted {
    Objects.requireNonNull(action, "action");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(approver, "approver");
    Objects.requireNonNull(at, "at");
  }
}
