package io.marketplaceexporter.operations;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * A message the exporter posts on its own, not an alert: "rollback started by …", "verified", a
 * deploy watch's verdict, a drill's report. {@code markdown} uses only what every channel renders
 * (headings, bold, lists, links); {@code button}, when present, is shown as the channel's button
 * (DingTalk action card, Feishu card button) or as a link (WeCom). {@code drill} marks a drill's
 * message as such in its title.
 */
public record Notice(String title, String markdown, Optional<Button> button, boolean drill) {
  public Notice {
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(markdown, "markdown");
    Objects.requireNonNull(button, "button");
  }

  /** A notice without a button, not a drill. */
  public static Notice of(String title, String markdown) {
    return new Notice(title, markdown, Optional.empty(), false);
  }

  /** A button: what it says, where it leads. */
  public record Button(String label, URI url) {
    public Button {
      Objects.requireNonNull(label, "label");
      Objects.requireNonNull(url, "url");
    }
  }
}
