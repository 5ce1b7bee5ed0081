package io.marketplaceexporter.alerting;

import java.util.Objects;

/**
 * A message the exporter posts on its own through a target's queue (not an Alertmanager
 * notification): its title, markdown text, an optional button ({@code null} for none) and whether
 * it belongs to a fault drill. Queued, retried, rate limited and stored like a notification, never
 * merged with one.
 */
public record RelayNotice(String title, String markdown, Button button, boolean drill) {
  public RelayNotice {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(markdown, "markdown");
  }
}
