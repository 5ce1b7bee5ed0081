package io.marketplaceexporter.logging;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes text from outside safe to log. An upstream's error message can echo the request, and with
 * it an access token or signature; a newline in it would forge a log line of its own; and it can be
 * megabytes long. {@link #safe(String)} therefore, in this order:
 *
 * <ol>
 *   <li>masks credentials: the value after {@code Bearer}/{@code Basic}, after a key named like a
 *       credential ({@code access_token=...}, {@code "client_secret": "..."}, {@code sign=...}),
 *       and any run of 20 or more token characters that mixes letters and digits (JWTs, hex
 *       signatures, LWA tokens, API keys), each replaced by {@code ***}; in a run that starts with
 *       {@code /} (an API path) each segment is judged alone, so the path stays readable;
 *   <li>escapes control characters (newlines, tabs, ESC, U+2028/2029, lone surrogates) as {@code
 *       \n}, {@code \r}, {@code \t} or {@code \\uXXXX}, so the text stays on its log line;
 *   <li>keeps at most {@link #MAX_CHARS} characters and says how many more there were.
 * </ol>
 *
 * <p>Every place that logs external text calls this one helper: the poll engine for source errors,
 * the HTTP layer for request failures, the alert relay for robot answers.
 */
public final class LogText {
  /** The most characters of external text a log line carries. */
  public static final int MAX_CHARS = 300;

  private static final String MASK = "***";

  /** {@code Bearer abc}, {@code Basic abc=}: the scheme stays, the credential goes. */
  private static final Pattern AUTH_SCHEME =
      Pattern.compile("(?i)\\b(bearer|basic|token)(\\s+)([^\\s\"',;]+)");

  /**
   * {@code key=value}, {@code key: value}, {@code "key":"value"} where the key names a credential;
   * the quote, separator and key stay.
   */
  private static final Pattern KEYED =
      Pattern.compile(
          "(?i)([\\w.-]*(?:token|secret|password|passwd|sign|api[_-]?key|apikey|"
              + "credential|cookie|oauth_code|access_key)[\\w.-]*\"?\\s*[=:]\\s*\"?)"
              + "([^\\s\"&,;}]+)");

  /** 20+ characters that can make up a token: letters, digits and {@code -._~+/=|%}. */
  private static final Pattern TOKEN_SHAPED = Pattern.compile("[A-Za-z0-9\\-._~+/=|%]{20,}");

  private LogText() {}

  /** The text, scrubbed, escaped and bounded as described above; {@code "null"} for null. */
  public static String safe(String text) {
    if (text == null) {
      return "null";
    }
    // Bound before the regular expressions run, with room for what masking removes.
    String s = text.length() > 4 * MAX_CHARS ? text.substring(0, 4 * MAX_CHARS) : text;
    s = mask(AUTH_SCHEME.matcher(s), 1, 2);
    s = mask(KEYED.matcher(s), 1, 0);
    s = maskTokenShaped(s);
    return bound(escape(s), text.length() > 4 * MAX_CHARS);
  }

  private static String mask(Matcher m, int keep, int keepAlso) {
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String kept = m.group(keep) + (keepAlso > 0 ? m.group(keepAlso) : "");
      m.appendReplacement(sb, Matcher.quoteReplacement(kept + MASK));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String maskTokenShaped(String s) {
    Matcher m = TOKEN_SHAPED.matcher(s);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      String run = m.group();
      m.appendReplacement(
          sb, Matcher.quoteReplacement(run.startsWith("/") ? maskPath(run) : maskRun(run)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /**
   * A run that starts with {@code /} is an API path ({@code /api/v2/order/get_order_list}): each
   * segment is judged on its own, so the operation stays readable and only a token-shaped segment
   * goes.
   */
  private static String maskPath(String path) {
    StringBuilder sb = new StringBuilder(path.length());
    for (String segment : path.split("/", -1)) {
      if (sb.length() > 0 || path.startsWith("/")) {
        sb.append('/');
      }
      sb.append(segment.length() >= 20 ? maskRun(segment) : segment);
    }
    return sb.substring(1);
  }

  private static String maskRun(String run) {
    boolean letters = run.chars().anyMatch(Character::isLetter);
    boolean digits = run.chars().anyMatch(Character::isDigit);
    return letters && digits ? MASK : run;
  }

  private static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (Character.isISOControl(c)
          || Character.isSurrogate(c)
          || c == '\u2028'
          || c == '\u2029'
          || c == '\u0085') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static String bound(String s, boolean cutBefore) {
    if (s.length() <= MAX_CHARS && !cutBefore) {
      return s;
    }
    int end = Math.min(s.length(), MAX_CHARS);
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + "...(cut)";
  }
}
