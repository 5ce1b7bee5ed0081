package io.marketplaceexporter.state;

import io.marketplaceexporter.model.Vocabulary.ChangeKind;

/**
 * A deploy or operational change. {@code at} is Unix seconds; {@code version} is empty and {@code
 * shop} null when not given. {@code approver} (who approved it) and {@code alert} (the alert it
 * answered) are set for rollbacks run from the chat, and null otherwise.
 */
public record Change(
    String service,
    ChangeKind kind,
    String version,
    double at,
    String shop,
    String approver,
    String alert) {
  /** A change that names no approver and no alert. */
  public Change(String service, ChangeKind kind, String version, double at, String shop) {
    this(service, kind, version, at, shop, null, null);
  }
}
