package io.marketplaceexporter.alerting;

/** UTF-8 byte lengths and cuts that never split a character (Chinese text, emoji). */
final class Utf8 {
  private Utf8() {}

  static int length(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      n += bytes(cp);
      i += Character.charCount(cp);
    }
    return n;
  }

  /**
   * The longest prefix of {@code s} whose UTF-8 encoding takes at most {@code maxBytes}, cut
   * between code points and, where there is one in the last quarter, at a line break.
   */
  static String truncate(String s, int maxBytes) {
    if (length(s) <= maxBytes) {
      return s;
    }
    int bytes = 0;
    int end = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      int size = bytes(cp);
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    int nl = s.lastIndexOf('\n', end - 1);
    if (nl >= 0 && nl >= end * 3 / 4) {
      end = nl;
    }
    return s.substring(0, end);
  }

  private static int bytes(int codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }
}
