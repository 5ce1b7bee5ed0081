package io.marketplaceexporter.alerting;

import java.util.Objects;

/**
 * A link a message carries as a button where the robot has buttons (DingTalk action card, Feishu
 * card) and as a markdown link where it has not (WeCom): what it says and where it leads. The URL
 * is sent exactly as given; only in markdown text are spaces and parentheses percent-encoded.
 */
public record Button(String label, String url) {
  public Button {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(url, "url");
    if (url.isBlank()) {
      throw new IllegalArgumentException("a button needs a URL");
    }
  }
}
