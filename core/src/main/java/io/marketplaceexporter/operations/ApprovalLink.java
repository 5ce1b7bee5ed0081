package io.marketplaceexporter.operations;

import java.net.URI;
import java.util.Objects;

/**
 * The link a chat message carries for an alert that has a rollback action: {@code label} is the
 * button's text (like "Approve rollback: restore-price-file"), {@code url} the signed, single-use,
 * expiring approval page under the exporter's external URL.
 */
public record ApprovalLink(String action, String label, URI url) {
  public ApprovalLink {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(url, "url");
  }
}
