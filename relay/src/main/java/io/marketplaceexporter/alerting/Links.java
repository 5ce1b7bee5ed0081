package io.marketplaceexporter.alerting;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** The links in a message: markdown links, and the silence link into Alertmanager's UI. */
final class Links {
  private Links() {}

  /**
   * Alertmanager's "new silence" page filled with the group's labels (the common labels when the
   * group has none), or null without an external URL.
   */
  static String silence(AlertGroup g) {
    if (g.externalUrl().isEmpty()) {
      return null;
    }
    Map<String, String> labels =
        new TreeMap<>(g.groupLabels().isEmpty() ? g.commonLabels() : g.groupLabels());
    StringBuilder filter = new StringBuilder("{");
    for (Map.Entry<String, String> e : labels.entrySet()) {
      filter.append(filter.length() == 1 ? "" : ",").append(e.getKey()).append("=\"");
      filter.append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    filter.append('}');
    String base = g.externalUrl().replaceAll("/+$", "");
    return base
        + "/#/silences/new?filter="
        + URLEncoder.encode(filter.toString(), StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A markdown link; the URL's spaces and parentheses are escaped so the link stays whole. */
  static String markdown(String text, String url) {
    String safe = url.strip().replace(" ", "%20").replace("(", "%28").replace(")", "%29");
    String label = text.equals(url) ? safe.replace("]", "%5D").replace("[", "%5B") : text;
    return "[" + label + "](" + safe + ")";
  }
}
