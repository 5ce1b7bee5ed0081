package io.marketplaceexporter.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.model.Vocabulary;
import io.marketplaceexporter.model.Vocabulary.Labelled;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the fields of one JSON event, collecting a {@link FieldError} per bad field instead of
 * stopping at the first, so that a client learns everything wrong with an event at once. Each
 * reader returns a neutral value (empty string, NaN, the minimum) after recording an error; the
 * event is then discarded, so that value is never applied.
 */
final class FieldReader {
  static final int MAX_LABEL_LENGTH = 128;

  /** 9999-12-31T23:59:59Z: later times are mistakes (milliseconds sent as seconds, say). */
  static final double MAX_UNIX_SECONDS = 253_402_300_799d;

  private final JsonNode event;
  private final int index;
  private final List<FieldError> errors;
  private final int errorsBefore;

  FieldReader(JsonNode event, int index, List<FieldError> errors) {
    this.event = event;
    this.index = index;
    this.errors = errors;
    this.errorsBefore = errors.size();
  }

  boolean failed() {
    return errors.size() > errorsBefore;
  }

  void error(String field, String message) {
    errors.add(new FieldError(index, field, message));
  }

  /** Rejects fields that this event type does not have, so a typo never drops data silently. */
  void rejectUnknown(Set<String> known) {
    event
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (!known.contains(name)) {
                error(name, "unknown field for this event type");
              }
            });
  }

  private JsonNode present(String field) {
    JsonNode n = event.get(field);
    return n == null || n.isNull() ? null : n;
  }

  /**
   * A label value: 1 to 128 characters, no control characters, no lone UTF-16 surrogates (empty
   * allowed if optional).
   */
  String label(String field, boolean required, boolean mayBeEmpty) {
    JsonNode n = present(field);
    if (n == null) {
      if (required) {
        error(field, "is required");
      }
      return "";
    }
    if (!n.isTextual()) {
      error(field, "must be a string");
      return "";
    }
    String s = n.textValue();
    if (s.isEmpty()) {
      if (!mayBeEmpty) {
        error(field, "must not be empty");
      }
      return s;
    }
    if (s.length() > MAX_LABEL_LENGTH) {
      error(field, "must be at most " + MAX_LABEL_LENGTH + " characters");
      return "";
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        error(field, "must not contain control characters");
        return "";
      }
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a pair: one character outside the BMP
      } else if (Character.isSurrogate(c)) {
        // Not Unicode: it cannot be written as UTF-8, would render as "?" and make distinct
        // values collide into one series.
        error(field, "must not contain a lone UTF-16 surrogate (\\u" + hex(c) + "): not Unicode");
        return "";
      }
    }
    return s;
  }

  <E extends Enum<E> & Labelled> E vocab(String field, Class<E> type, E fallback) {
    JsonNode n = present(field);
    if (n == null) {
      if (fallback == null) {
        error(field, "is required, " + Vocabulary.allowed(type));
      }
      return fallback;
    }
    if (!n.isTextual()) {
      error(field, "must be a string, " + Vocabulary.allowed(type));
      return fallback;
    }
    return Vocabulary.parse(type, n.textValue())
        .orElseGet(
            () -> {
              error(field, "must be " + Vocabulary.allowed(type));
              return fallback;
            });
  }

  /**
   * A required object of whole numbers in {@code [0, max]} keyed by the labels of {@code type},
   * such as {@code {"active": 3}}; a problem with one entry is named {@code field.key}.
   */
  <E extends Enum<E> & Labelled> Map<E, Long> counts(String field, Class<E> type, long max) {
    Map<E, Long> out = new EnumMap<>(type);
    JsonNode n = present(field);
    if (n == null || !n.isObject()) {
      error(
          field,
          (n == null ? "is required: " : "must be ")
              + "an object of counts keyed by "
              + Vocabulary.allowed(type));
      return out;
    }
    for (Map.Entry<String, JsonNode> e : n.properties()) {
      String name = field + "." + e.getKey();
      E key = Vocabulary.parse(type, e.getKey()).orElse(null);
      JsonNode v = e.getValue();
      if (key == null) {
        error(name, "unknown key: must be " + Vocabulary.allowed(type));
      } else if (!v.isIntegralNumber() || !v.canConvertToLong()) {
        error(name, "must be a whole number");
      } else if (v.longValue() < 0 || v.longValue() > max) {
        error(name, "must be between 0 and " + max);
      } else {
        out.put(key, v.longValue());
      }
    }
    return out;
  }

  boolean textual(String field) {
    JsonNode n = present(field);
    return n != null && n.isTextual();
  }

  boolean has(String field) {
    return present(field) != null;
  }

  /** A whole number in {@code [min, max]}; {@code fallback} when absent, or required if null. */
  long integer(String field, long min, long max, Long fallback) {
    JsonNode n = present(field);
    if (n == null) {
      if (fallback == null) {
        error(field, "is required");
        return min;
      }
      return fallback;
    }
    if (!n.isNumber()) {
      error(field, "must be a number");
      return min;
    }
    double d = n.doubleValue();
    if (!n.isIntegralNumber() && d != Math.rint(d)) {
      error(field, "must be a whole number");
      return min;
    }
    if (!n.canConvertToLong() || d < min || d > max) {
      error(field, "must be between " + min + " and " + max);
      return min;
    }
    return n.longValue();
  }

  /** A finite number in {@code [min, max]}; NaN when absent and not required. */
  double number(String field, double min, double max, boolean required) {
    JsonNode n = present(field);
    if (n == null) {
      if (required) {
        error(field, "is required");
      }
      return Double.NaN;
    }
    if (!n.isNumber()) {
      error(field, "must be a number");
      return Double.NaN;
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      error(field, "must be a finite number");
      return Double.NaN;
    }
    if (d < min || d > max) {
      error(field, "must be between " + plain(min) + " and " + plain(max));
      return Double.NaN;
    }
    return d;
  }

  /** A time as Unix seconds or an RFC 3339 string; NaN when absent and not required. */
  double time(String field, boolean required) {
    JsonNode n = present(field);
    if (n == null) {
      if (required) {
        error(field, "is required (RFC 3339 or Unix seconds)");
      }
      return Double.NaN;
    }
    if (n.isNumber()) {
      double d = n.doubleValue();
      if (!Double.isFinite(d) || d < 0 || d > MAX_UNIX_SECONDS) {
        error(field, "must be Unix seconds between 0 and " + plain(MAX_UNIX_SECONDS));
        return Double.NaN;
      }
      return d;
    }
    if (n.isTextual()) {
      try {
        OffsetDateTime t =
            OffsetDateTime.parse(n.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        double seconds = t.toEpochSecond() + t.getNano() / 1e9;
        if (seconds < 0 || seconds > MAX_UNIX_SECONDS) {
          error(field, "must be between 1970 and 9999");
          return Double.NaN;
        }
        return seconds;
      } catch (DateTimeParseException e) {
        error(field, "must be an RFC 3339 time like 2026-11-24T08:00:00Z, or Unix seconds");
        return Double.NaN;
      }
    }
    error(field, "must be an RFC 3339 string or Unix seconds");
    return Double.NaN;
  }

  boolean bool(String field) {
    JsonNode n = present(field);
    if (n == null) {
      return false;
    }
    if (!n.isBoolean()) {
      error(field, "must be true or false");
      return false;
    }
    return n.booleanValue();
  }

  private static String hex(char c) {
    return String.format("%04x", (int) c);
  }

  private static String plain(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
