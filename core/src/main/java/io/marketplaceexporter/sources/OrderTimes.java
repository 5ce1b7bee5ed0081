package io.marketplaceexporter.sources;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;

/**
 * Order times in Unix seconds, from the forms the marketplaces document: a number of seconds as
 * text, ISO 8601 with an offset or {@code Z} ({@code 2018-02-09T22:44:30+08:00}, SP-API's {@code
 * 2017-01-20T19:49:35Z}, Lazada's {@code /orders/get}) and Lazada's {@code /order/get} form {@code
 * 2014-10-15 18:36:05 +0800}.
 *
 * <p>Every order of every poll passes through here (a poll reads all orders of its lookback), so
 * the usual spellings of these forms are read by hand: {@link DateTimeFormatter} copies its parse
 * state for each optional section and throws for each form that does not match, which made order
 * times a fifth of the exporter's polling CPU. Anything the hand reader does not take whole goes to
 * the formatters, which decide as before; {@code OrderTimesTest} holds the two to the same answers.
 */
final class OrderTimes {
  private OrderTimes() {}

  /** The documented forms, tried in order by {@link #byFormatters}. */
  private static final List<DateTimeFormatter> FORMS =
      List.of(
          DateTimeFormatter.ISO_OFFSET_DATE_TIME,
          new DateTimeFormatterBuilder()
              .appendPattern("yyyy-MM-dd HH:mm:ss")
              .optionalStart()
              .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
              .optionalEnd()
              .appendPattern(" Z")
              .toFormatter(Locale.ROOT));

  /** Unix seconds of {@code text} (already stripped), else NaN. */
  static double epochSeconds(String text) {
    if (isSeconds(text)) {
      return Double.parseDouble(text);
    }
    long fast = byHand(text);
    return fast != NOT_READ ? fast : byFormatters(text);
  }

  /** The formatters alone: the reference {@link #epochSeconds} agrees with. */
  static double byFormatters(String text) {
    for (DateTimeFormatter f : FORMS) {
      try {
        return OffsetDateTime.parse(text, f).toEpochSecond();
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return Double.NaN;
  }

  /** 1–12 ASCII digits, optionally a point and at least one more digit. */
  private static boolean isSeconds(String s) {
    int n = s.length();
    int i = digits(s, 0);
    if (i < 1 || i > 12) {
      return false;
    }
    if (i == n) {
      return true;
    }
    return s.charAt(i) == '.' && i + 1 < n && digits(s, i + 1) == n;
  }

  private static final long NOT_READ = Long.MIN_VALUE;

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)} or {@code yyyy-MM-dd HH:mm:ss[.f{1,9}] ±HHMM},
   * with valid fields, in Unix seconds; {@link #NOT_READ} for anything else.
   */
  private static long byHand(String s) {
    int n = s.length();
    if (n < 20 || !fixed(s, 4, '-') || !fixed(s, 7, '-') || !fixed(s, 13, ':')) {
      return NOT_READ;
    }
    if (!fixed(s, 16, ':')) {
      return NOT_READ;
    }
    char sep = s.charAt(10);
    if (sep != 'T' && sep != ' ') {
      return NOT_READ;
    }
    int year = number(s, 0, 4);
    int month = number(s, 5, 2);
    int day = number(s, 8, 2);
    int hour = number(s, 11, 2);
    int minute = number(s, 14, 2);
    int second = number(s, 17, 2);
    if ((year | month | day | hour | minute | second) < 0
        || year < 1
        || hour > 23
        || minute > 59
        || second > 59) {
      return NOT_READ;
    }
    int i = 19;
    if (i < n && s.charAt(i) == '.') {
      int end = digits(s, i + 1);
      if (end - (i + 1) < 1 || end - (i + 1) > 9) {
        return NOT_READ;
      }
      i = end;
    }
    int offset = sep == 'T' ? isoOffset(s, i) : lazadaOffset(s, i);
    if (offset == Integer.MIN_VALUE) {
      return NOT_READ;
    }
    long epochDay;
    try {
      epochDay = LocalDate.of(year, month, day).toEpochDay();
    } catch (DateTimeException e) {
      return NOT_READ; // e.g. 30 February: the formatters decide
    }
    return epochDay * 86_400 + hour * 3_600L + minute * 60L + second - offset;
  }

  /** {@code Z} or {@code ±HH:MM} ending the text at {@code i}, in seconds; else MIN_VALUE. */
  private static int isoOffset(String s, int i) {
    int rest = s.length() - i;
    if (rest == 1 && s.charAt(i) == 'Z') {
      return 0;
    }
    if (rest == 6 && fixed(s, i + 3, ':')) {
      return offset(s.charAt(i), number(s, i + 1, 2), number(s, i + 4, 2));
    }
    return Integer.MIN_VALUE;
  }

  /** {@code " ±HHMM"} ending the text at {@code i}, in seconds; else MIN_VALUE. */
  private static int lazadaOffset(String s, int i) {
    if (s.length() - i != 6 || s.charAt(i) != ' ') {
      return Integer.MIN_VALUE;
    }
    return offset(s.charAt(i + 1), number(s, i + 2, 2), number(s, i + 4, 2));
  }

  private static int offset(char sign, int hours, int minutes) {
    if ((sign != '+' && sign != '-') || hours < 0 || minutes < 0 || minutes > 59) {
      return Integer.MIN_VALUE;
    }
    int seconds = hours * 3_600 + minutes * 60;
    if (seconds > 18 * 3_600) {
      return Integer.MIN_VALUE;
    }
    return sign == '+' ? seconds : -seconds;
  }

  private static boolean fixed(String s, int i, char c) {
    return i < s.length() && s.charAt(i) == c;
  }

  /** The value of {@code width} ASCII digits at {@code from}, or -1. */
  private static int number(String s, int from, int width) {
    if (from + width > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < from + width; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** The index after the run of ASCII digits starting at {@code from}. */
  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i;
  }
}
