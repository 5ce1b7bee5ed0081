package io.marketplaceexporter.alerting;

import io.marketplaceexporter.config.RelayTargetConfig;
import io.marketplaceexporter.config.Secret;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Renders alert groups as one message in a robot's markdown dialect, and fits it into the robot's
 * size limit by dropping detail: first descriptions, then dashboard and silence links and
 * summaries' lines, then alerts beyond what fits (saying how many). The runbook links come first in
 * every group and are never dropped, nor are the mentions; nothing is cut mid-character.
 */
final class MessageRenderer {
  /** How much of each alert a message shows. */
  enum Detail {
    /** Summary, description, start (and end) time, dashboard and silence links. */
    FULL,
    /** As FULL without descriptions. */
    SHORT,
    /** One line per alert; runbook links and mentions only. */
    COMPACT
  }

  static final int ALL = Integer.MAX_VALUE;

  /** The button a firing alert's message carries, if any; asked once per alert and attempt. */
  @FunctionalInterface
  interface LinkSource {
    Optional<Button> button(AlertGroup.Alert alert);
  }

  /** No buttons. */
  static final LinkSource NO_LINKS = a -> Optional.empty();

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss XXX");
  private static final Pattern BLANK_LINES = Pattern.compile("(?: *\n){3,}");
  private static final Robot PROBE =
      new Robot(0, Secret.of("http://127.0.0.1/probe"), Secret.of("size-probe"));
  private static final Instant PROBE_TIME = Instant.ofEpochSecond(4_000_000_000L);

  private final Dialect dialect;
  private final ZoneId zone;
  private final Mentions mentions;
  private final Predicate<Map<String, String>> drill;

  MessageRenderer(Dialect dialect, ZoneId zone, Mentions mentions) {
    this(dialect, zone, mentions, labels -> false);
  }

  /** {@code drill} tells the alerts of fault drills, which are marked and mention nobody. */
  MessageRenderer(
      Dialect dialect, ZoneId zone, Mentions mentions, Predicate<Map<String, String>> drill) {
    this.dialect = dialect;
    this.zone = zone;
    this.mentions = mentions;
    this.drill = drill;
  }

  /** The size in bytes of the request body that would carry {@code m}, signature included. */
  int size(Message m) {
    return dialect.body(m, PROBE, PROBE_TIME).length;
  }

  /** Whether these groups fit in one message of {@code maxBytes} with every alert listed. */
  boolean fitsWhole(List<AlertGroup> groups, int maxBytes) {
    return fitsWhole(groups, maxBytes, NO_LINKS);
  }

  /** As {@link #fitsWhole(List, int)}, with the buttons {@code links} gives firing alerts. */
  boolean fitsWhole(List<AlertGroup> groups, int maxBytes, LinkSource links) {
    return size(render(groups, Detail.COMPACT, ALL, links)) <= maxBytes;
  }

  /** The most detailed rendering of {@code groups} that fits in {@code maxBytes}. */
  Message fit(List<AlertGroup> groups, int maxBytes) {
    return fit(groups, maxBytes, NO_LINKS);
  }

  /**
   * As {@link #fit(List, int)}, with the buttons {@code links} gives the firing alerts it lists;
   * the links stay as long as their alerts do, like the runbook links.
   */
  Message fit(List<AlertGroup> groups, int maxBytes, LinkSource links) {
    for (Detail d : Detail.values()) {
      Message m = render(groups, d, ALL, links);
      if (size(m) <= maxBytes) {
        return m;
      }
    }
    int total = groups.stream().mapToInt(g -> g.alerts().size()).sum();
    int lo = -1;
    int hi = total;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (size(render(groups, Detail.COMPACT, mid, links)) <= maxBytes) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return shorten(render(groups, Detail.COMPACT, Math.max(lo, 0), links), maxBytes);
  }

  /** {@code m} with its text cut (between characters, at a line where it can) to fit. */
  private Message shorten(Message m, int maxBytes) {
    String text = m.text();
    for (int i = 0; i < 8 && size(m) > maxBytes; i++) {
      int keep = Math.max(0, Utf8.length(text) - (size(m) - maxBytes) - 8);
      text = Utf8.truncate(text, keep);
      m = m.withText(text + "\n…");
    }
    return m;
  }

  /**
   * The exporter's own notice as one message within {@code maxBytes}: titled as a notice (and as a
   * drill's), its button as the robot shows buttons or as a link at the top of the text, the text
   * cut at the end if it must be.
   */
  Message notice(RelayNotice n, int maxBytes) {
    String br = dialect.lineBreak();
    String title =
        (n.drill() ? Extras.DRILL_PREFIX : "") + Extras.NOTICE_PREFIX + n.title().strip();
    List<Button> buttons =
        n.button() == null ? List.of() : List.of(Extras.clipped(n.button(), n.button().label()));
    boolean asButtons = dialect.showsButtons(false);
    StringBuilder sb = new StringBuilder(dialect.heading(title));
    sb.append(sb.length() == 0 ? "" : "\n\n");
    sb.append(Extras.preamble(n.drill() ? 1 : 0, 1, asButtons ? List.of() : buttons, br, true));
    String markdown = n.markdown().strip();
    sb.append(br.equals("\n") ? markdown : markdown.replace("\n", br));
    String text = BLANK_LINES.matcher(sb).replaceAll("\n\n").strip();
    Message m =
        new Message(
            title,
            text,
            Message.Tone.NOTICE,
            List.of(),
            List.of(),
            asButtons ? buttons : List.of());
    return shorten(m, maxBytes);
  }

  Message render(List<AlertGroup> groups, Detail detail, int maxAlerts) {
    return render(groups, detail, maxAlerts, NO_LINKS);
  }

  Message render(List<AlertGroup> groups, Detail detail, int maxAlerts, LinkSource links) {
    String br = dialect.lineBreak();
    StringBuilder sb = new StringBuilder();
    int total = 0;
    int drills = 0;
    for (AlertGroup g : groups) {
      for (AlertGroup.Alert a : g.alerts()) {
        total++;
        drills += drill.test(a.labels()) ? 1 : 0;
      }
    }
    String title = (drills > 0 && drills == total ? Extras.DRILL_PREFIX : "") + title(groups);
    String heading = dialect.heading(title);
    if (!heading.isEmpty()) {
      sb.append(heading).append("\n\n");
    }
    int preambleAt = sb.length();
    List<Extras.Linked> linked = new ArrayList<>();
    int shown = 0;
    int omitted = 0;
    for (List<AlertGroup> section : sections(groups, detail)) {
      AlertGroup g = section.get(0);
      if (groups.size() > 1) {
        sb.append("**").append(sectionTitle(section)).append("**").append(br);
      }
      for (String url : distinct(section, "runbook_url")) {
        sb.append("📖 **Runbook:** ").append(Links.markdown(url, url)).append(br);
      }
      if (detail != Detail.COMPACT) {
        for (String url : distinct(section, "dashboard_url")) {
          sb.append("📊 **Dashboard:** ").append(Links.markdown("open dashboard", url)).append(br);
        }
        String silence = Links.silence(g);
        if (silence != null) {
          sb.append("🔕 **Silence:** ")
              .append(Links.markdown("silence this group", silence))
              .append(br);
        }
      }
      sb.append('\n');
      int truncated = 0;
      for (AlertGroup member : section) {
        truncated += member.truncatedAlerts();
        for (AlertGroup.Alert a : member.alerts()) {
          if (shown >= maxAlerts) {
            omitted++;
            continue;
          }
          shown++;
          if (a.firing()) {
            links.button(a).ifPresent(b -> linked.add(new Extras.Linked(b, a)));
          }
          alert(sb, a, detail, br, drills > 0 && drill.test(a.labels()));
        }
      }
      if (truncated > 0) {
        sb.append("(Alertmanager left out ")
            .append(truncated)
            .append(" more alerts of this group)")
            .append(br);
      }
      sb.append('\n');
    }
    if (omitted > 0) {
      sb.append("…and ")
          .append(omitted)
          .append(" more alerts not shown (message size limit); see Alertmanager.")
          .append(br);
    }
    RelayTargetConfig.Recipients who = mentions.resolve(groups);
    if (!who.isEmpty()) {
      sb.append('\n').append(dialect.mentions(who.mobiles(), who.userIds()));
    }
    List<Button> all = Extras.buttons(linked);
    List<Button> buttons =
        dialect.showsButtons(!who.isEmpty())
            ? all.subList(0, Math.min(all.size(), Dialect.MAX_BUTTONS))
            : List.of();
    sb.insert(
        preambleAt,
        Extras.preamble(drills, total, all.subList(buttons.size(), all.size()), br, false));
    boolean firing = groups.stream().anyMatch(AlertGroup::firing);
    String text = BLANK_LINES.matcher(sb).replaceAll("\n\n").strip();
    return new Message(
        title,
        text,
        firing ? Message.Tone.FIRING : Message.Tone.RESOLVED,
        who.mobiles(),
        who.userIds(),
        buttons);
  }

  /**
   * The groups to render one section each; in a compact message of several groups, groups with the
   * same status, alert name and severity share one section (one title, one runbook list), which is
   * what keeps a storm of one alert over many shops small.
   */
  private static Collection<List<AlertGroup>> sections(List<AlertGroup> groups, Detail detail) {
    Map<String, List<AlertGroup>> out = new LinkedHashMap<>();
    for (int i = 0; i < groups.size(); i++) {
      AlertGroup g = groups.get(i);
      String key =
          detail == Detail.COMPACT
              ? g.status() + "\n" + first(g, "alertname") + "\n" + first(g, "severity")
              : Integer.toString(i);
      out.computeIfAbsent(key, k -> new ArrayList<>()).add(g);
    }
    return out.values();
  }

  private void alert(
      StringBuilder sb, AlertGroup.Alert a, Detail detail, String br, boolean isDrill) {
    String severity = a.label("severity");
    sb.append(detail == Detail.COMPACT ? "- " : "")
        .append(isDrill ? Extras.DRILL_PREFIX : "")
        .append(a.firing() ? "" : "✅ ")
        .append("**")
        .append(severity.isEmpty() ? "" : "[" + severity + "] ")
        .append(a.label("alertname"))
        .append("**");
    String where = where(a);
    if (!where.isEmpty()) {
      sb.append(" · ").append(where);
    }
    String summary = a.annotation("summary");
    if (detail == Detail.COMPACT) {
      if (!summary.isEmpty()) {
        sb.append(": ").append(oneLine(summary, 120));
      }
      sb.append(br);
      return;
    }
    sb.append(br);
    if (!summary.isEmpty()) {
      sb.append("Summary: ").append(summary.strip()).append(br);
    }
    String description = a.annotation("description");
    if (detail == Detail.FULL && !description.isEmpty()) {
      sb.append("Description: ").append(description.strip()).append(br);
    }
    sb.append("Started: ").append(time(a.startsAt())).append(br);
    if (!a.firing() && !a.endsAt().isEmpty()) {
      sb.append("Resolved: ").append(time(a.endsAt())).append(br);
    }
    sb.append('\n');
  }

  static String where(AlertGroup.Alert a) {
    StringBuilder sb = new StringBuilder();
    for (String label : List.of("marketplace", "site", "shop")) {
      String v = a.label(label);
      if (!v.isEmpty()) {
        sb.append(sb.length() == 0 ? "" : " / ").append(v);
      }
    }
    return sb.toString();
  }

  static String title(List<AlertGroup> groups) {
    if (groups.size() == 1) {
      AlertGroup g = groups.get(0);
      return (g.firing() ? "🔥 " : "✅ ") + sectionTitle(groups);
    }
    long firing = groups.stream().filter(AlertGroup::firing).count();
    return (firing > 0 ? "🔥 [FIRING] " : "✅ [RESOLVED] ")
        + groups.size()
        + " notifications: "
        + firing
        + " firing, "
        + (groups.size() - firing)
        + " resolved";
  }

  /**
   * {@code [FIRING:n] alertname · severity} for groups that share status, name and severity, where
   * n counts exactly the alerts the section lists: a firing notification also lists its resolved
   * alerts ({@code [FIRING:2, RESOLVED:1]}). Without a common alert name (grouped by other labels),
   * the section is named by its alerts' names, never by a count.
   */
  private static String sectionTitle(List<AlertGroup> section) {
    AlertGroup g = section.get(0);
    int firing = 0;
    int resolved = 0;
    Set<String> names = new LinkedHashSet<>();
    for (AlertGroup member : section) {
      for (AlertGroup.Alert a : member.alerts()) {
        if (a.firing()) {
          firing++;
        } else {
          resolved++;
        }
        if (!a.label("alertname").isEmpty()) {
          names.add(a.label("alertname"));
        }
      }
    }
    String name = first(g, "alertname");
    if (name.isEmpty()) {
      name = names.isEmpty() ? "alerts" : String.join(", ", names);
    }
    name = clip(name, 100);
    String severity = clip(first(g, "severity"), 20);
    String counts =
        g.firing()
            ? "FIRING:" + firing + (resolved > 0 ? ", RESOLVED:" + resolved : "")
            : "RESOLVED:" + resolved + (firing > 0 ? ", FIRING:" + firing : "");
    return "[" + counts + "] " + name + (severity.isEmpty() ? "" : " · " + severity);
  }

  private static String first(AlertGroup g, String label) {
    String v = g.groupLabels().getOrDefault(label, "");
    return v.isEmpty() ? g.commonLabels().getOrDefault(label, "") : v;
  }

  private static Set<String> distinct(List<AlertGroup> section, String annotation) {
    Set<String> out = new LinkedHashSet<>();
    for (AlertGroup g : section) {
      String common = g.commonAnnotations().getOrDefault(annotation, "");
      if (!common.isEmpty()) {
        out.add(common.strip());
      }
      for (AlertGroup.Alert a : g.alerts()) {
        if (!a.annotation(annotation).isEmpty()) {
          out.add(a.annotation(annotation).strip());
        }
      }
    }
    return out;
  }

  private String time(String rfc3339) {
    try {
      return OffsetDateTime.parse(rfc3339).atZoneSameInstant(zone).format(TIME);
    } catch (DateTimeParseException e) {
      return rfc3339;
    }
  }

  private static String oneLine(String s, int maxChars) {
    return clip(s.strip().replaceAll("\\s+", " "), maxChars);
  }

  /** At most {@code maxChars} code points, ending in "…" when cut. */
  static String clip(String s, int maxChars) {
    if (s.codePointCount(0, s.length()) <= maxChars) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, maxChars - 1)) + "…";
  }
}
