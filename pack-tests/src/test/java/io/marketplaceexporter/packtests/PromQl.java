package io.marketplaceexporter.packtests;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts metric names, template queries and label matchers from PromQL (the metric contract
 * itself is read by {@link io.marketplaceexporter.support.MetricContract}).
 */
final class PromQl {

  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w:.$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");
  private static final Pattern SELECTOR = Pattern.compile("\\{([^}]*)\\}");
  private static final Pattern MATCHER =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern QUERY_TEMPLATE = Pattern.compile("query\\s+`([^`]*)`");

  /** PromQL words that are not metric names when they are not followed by "(". */
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "atan2",
          "sum",
          "min",
          "max",
          "avg",
          "count",
          "stddev",
          "stdvar",
          "topk",
          "bottomk",
          "quantile",
          "count_values",
          "group",
          "inf",
          "nan",
          "Inf",
          "NaN");

  private PromQl() {}

  /** Metric names a PromQL expression selects. */
  static Set<String> metricNames(String expr) {
    String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"");
    s = s.replaceAll("\\{[^}]*\\}", " ");
    s = s.replaceAll("\\[[^\\]]*\\]", " ");
    s = s.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " $1 ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      boolean call = m.group(2) != null;
      if (!call && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** PromQL expressions inside {@code query `...`} calls of an alert template. */
  static Set<String> templateQueries(String template) {
    Set<String> queries = new TreeSet<>();
    Matcher m = QUERY_TEMPLATE.matcher(template);
    while (m.find()) {
      queries.add(m.group(1));
    }
    return queries;
  }

  /** Label matchers of an expression as "label=value" for every alternative of a regex. */
  static Set<String> matcherValues(String expr) {
    Set<String> values = new TreeSet<>();
    Matcher selector = SELECTOR.matcher(expr);
    while (selector.find()) {
      Matcher m = MATCHER.matcher(selector.group(1));
      while (m.find()) {
        for (String value : m.group(3).split("\\|")) {
          values.add(m.group(1) + "=" + value);
        }
      }
    }
    return values;
  }
}
