package io.marketplaceexporter.operations.actions;

import io.marketplaceexporter.operations.ChatGroup;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a signed approval link carries: the {@code action}, the alert's {@code labels}, the {@code
 * group} the link was posted to, when it expires and a random {@code nonce} that makes it single
 * use.
 */
public record ApprovalToken(
    String action, Map<String, String> labels, ChatGroup group, Instant expires, String nonce) {
  public ApprovalToken {
    Objects.requireNonNull(action, "action");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(nonce, "nonce");
  }

  /** The alert's name, or "" when the labels carry none. */
  public String alertname() {
    return labels.getOrDefault("alertname", "");
  }
}
