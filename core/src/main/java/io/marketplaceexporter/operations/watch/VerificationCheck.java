package io.marketplaceexporter.operations.watch;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A runbook's machine-readable Verification: the PromQL {@code template} whose result is non-empty
 * once the alert's problem is gone, and how long that must hold ({@code holdFor}). The template
 * names the alert's labels only as whole matcher values, {@code shop="{{ $labels.shop }}"}; {@link
 * #render} puts each value in as a PromQL string literal, so a label value cannot change the query.
 */
public record VerificationCheck(String alertname, String template, Duration holdFor) {
  /** A placeholder as the whole value of an equality matcher: {@code ="{{ $labels.name }}"}. */
  static final Pattern PLACEHOLDER =
      Pattern.compile("(!?=)\\s*\"\\{\\{ \\$labels\\.([a-zA-Z_][a-zA-Z0-9_]*) \\}\\}\"");

  public VerificationCheck {
    Objects.requireNonNull(alertname, "alertname");
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(holdFor, "holdFor");
    String rest = PLACEHOLDER.matcher(template).replaceAll("");
    if (rest.contains("{{") || rest.contains("}}")) {
      throw new IllegalArgumentException(
          "a placeholder may only be the whole value of an = or != matcher:"
              + " shop=\"{{ $labels.shop }}\"");
    }
  }

  /** The query for an alert with {@code labels}; a label the alert lacks is the empty string. */
  public String render(Map<String, String> labels) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = labels.getOrDefault(m.group(2), "");
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + quote(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The names of the labels the template uses. */
  public Set<String> labelNames() {
    Set<String> names = new TreeSet<>();
    Matcher m = PLACEHOLDER.matcher(template);
    while (m.find()) {
      names.add(m.group(2));
    }
    return names;
  }

  /**
   * {@code value} as a double-quoted PromQL string literal: backslash and double quote escaped,
   * every control character as {@code \\uXXXX} (PromQL strings take Go's escapes).
   */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == '"') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f || c == 0x2028 || c == 0x2029) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
