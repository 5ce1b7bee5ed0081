package io.marketplaceexporter.packtests.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketplaceexporter.packtests.Pack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The Grafana dashboards of {@code dashboards/*.json}: their panels, queries and links. */
final class Dashboards {
  static final ObjectMapper JSON = new ObjectMapper();

  private Dashboards() {}

  /** One panel; {@code row} is the title of the row above it ("" before the first row). */
  record Panel(String dashboard, String row, JsonNode json) {
    String title() {
      return json.path("title").asText();
    }

    String type() {
      return json.path("type").asText();
    }

    /** "Row → Panel", as the runbooks name panels. */
    String path() {
      return row + " → " + title();
    }

    List<Query> queries() {
      List<Query> out = new ArrayList<>();
      for (JsonNode t : json.path("targets")) {
        out.add(new Query(dashboard + ": " + path() + " [" + t.path("refId").asText() + "]", t));
      }
      return out;
    }

    List<String> linkUrls() {
      List<String> out = new ArrayList<>();
      json.path("links").forEach(l -> out.add(l.path("url").asText()));
      return out;
    }

    @Override
    public String toString() {
      return dashboard + ": " + path();
    }
  }

  /** One PromQL query of a panel target or an annotation. */
  record Query(String where, JsonNode json) {
    String expr() {
      return json.path("expr").asText();
    }

    /**
     * A week-ago overlay ({@code offset 1w}) has no data in a Prometheus that started minutes ago;
     * such a query must parse, but may be empty.
     */
    boolean needsHistory() {
      return expr().contains("offset 1w");
    }

    /**
     * A query that may be empty in the demo: a week-ago overlay, or the expected interval of sync
     * jobs, which exists only for jobs whose events or configuration state one.
     */
    boolean mayBeEmpty() {
      return needsHistory() || expr().contains("marketplace_sync_expected_interval");
    }

    @Override
    public String toString() {
      return where + ": " + expr();
    }
  }

  static Path dir() {
    return Pack.root().resolve("dashboards");
  }

  static List<Path> files() {
    return Pack.list(dir(), "*.json");
  }

  static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse " + file, e);
    }
  }

  static List<JsonNode> all() {
    return files().stream().map(Dashboards::read).toList();
  }

  /** Every panel of every dashboard (rows included), each with the row it sits under. */
  static List<Panel> panels() {
    List<Panel> out = new ArrayList<>();
    for (JsonNode d : all()) {
      String uid = d.path("uid").asText();
      String row = "";
      for (JsonNode p : d.path("panels")) {
        if (p.path("type").asText().equals("row")) {
          row = p.path("title").asText();
          for (JsonNode nested : p.path("panels")) {
            out.add(new Panel(uid, row, nested));
          }
        }
        out.add(new Panel(uid, row, p));
      }
    }
    return out;
  }

  /** Every query: panel targets and the Prometheus annotation queries. */
  static List<Query> queries() {
    List<Query> out = new ArrayList<>();
    for (Panel p : panels()) {
      out.addAll(p.queries());
    }
    for (JsonNode d : all()) {
      for (JsonNode a : d.path("annotations").path("list")) {
        if (a.has("expr")) {
          out.add(new Query(d.path("uid").asText() + ": annotation " + a.path("name").asText(), a));
        }
      }
    }
    return out;
  }

  /** The template variable queries ({@code label_values(...)}) of every dashboard. */
  static List<Query> variableQueries() {
    List<Query> out = new ArrayList<>();
    for (JsonNode d : all()) {
      for (JsonNode v : d.path("templating").path("list")) {
        if (v.path("type").asText().equals("query")) {
          out.add(
              new Query(
                  d.path("uid").asText() + ": variable $" + v.path("name").asText(),
                  Dashboards.JSON
                      .createObjectNode()
                      .put("expr", v.path("query").path("query").asText())));
        }
      }
    }
    return out;
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$([A-Za-z_]\\w*)|\\$\\{([A-Za-z_]\\w*)}");

  /**
   * The query with Grafana's variables replaced ({@code $1} in a {@code label_replace} is not one)
   * as Grafana would for a dashboard opened on one shop: {@code values} for the template variables,
   * and the built-in intervals.
   */
  static String substitute(String expr, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = values.get(name);
      if (value == null) {
        throw new IllegalArgumentException("no value for $" + name + " in " + expr);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Pattern of a {@code label_values(selector, label)} variable query. */
  static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

  /** Runbook references of the form **Row → Panel** in {@code runbooks/*.md}. */
  static List<String> runbookPanelReferences(String markdown) {
    List<String> refs = new ArrayList<>();
    Matcher m = Pattern.compile("\\*\\*([^*]+?)\\s+→\\s+([^*]+?)\\*\\*").matcher(markdown);
    while (m.find()) {
      refs.add(
          m.group(1).replaceAll("\\s+", " ").trim()
              + " → "
              + m.group(2).replaceAll("\\s+", " ").trim());
    }
    return refs;
  }
}
