package io.marketplaceexporter.http;

import static io.marketplaceexporter.http.Html.escape;

import io.marketplaceexporter.status.Ages;
import io.marketplaceexporter.status.QueueStatus;
import io.marketplaceexporter.status.RejectedEvent;
import io.marketplaceexporter.status.ShopStatus;
import io.marketplaceexporter.status.SourceStatus;
import io.marketplaceexporter.status.StatusReport;
import io.marketplaceexporter.status.Trouble;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Renders a {@link StatusReport} as the landing page: one self-contained HTML document (inline CSS,
 * no script, no external asset) that reads on a phone, where tables turn into cards. Every value is
 * escaped: shop names and rejection reasons come from outside.
 */
final class StatusPage {
  /** The colour of everything critical; the browser test counts its pixels in a screenshot. */
  static final String CRITICAL_RED = "#cc0033";

  private static final String CSS =
      """
      body{font:15px/1.4 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:.5rem;color:#222}
      h1{font-size:1.4rem;margin:.3rem 0}h2{font-size:1.15rem;margin:1.2rem 0 .4rem}
      h3{font-size:1rem;margin:0 0 .3rem}.muted{color:#666}
      .summary{display:flex;flex-wrap:wrap;gap:.4rem;padding:0;list-style:none}
      .summary li{border:1px solid #ccc;border-radius:.4rem;padding:.3rem .6rem}
      .badge{display:inline-block;border-radius:.3rem;padding:0 .4rem;color:#fff;font-weight:600}
      .critical{background:$red}.warning{background:#b26a00}.ok,.up{background:#2e7d32}
      .down{background:$red}.throttled{background:#b26a00}.pending{background:#777}
      .shop{border:1px solid #ccc;border-left:.5rem solid #b26a00;border-radius:.4rem;
      padding:.4rem .6rem;margin:.4rem 0}.shop.critical-shop{border-left-color:$red}
      .shop ul{margin:.2rem 0;padding-left:1.1rem}
      table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.25rem .4rem;
      border-bottom:1px solid #ddd;vertical-align:top;overflow-wrap:anywhere}
      code{font-size:.9em}
      @media (max-width:40rem){table,tbody,tr,td{display:block}thead{display:none}
      tr{border:1px solid #ccc;border-radius:.4rem;margin:.4rem 0;padding:.2rem}
      td{border:0;padding:.1rem .3rem}td::before{content:attr(data-label) ": ";color:#666}}
      """
          .replace("$red", CRITICAL_RED);

  private StatusPage() {}

  static String render(StatusReport r, boolean authEnabled) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>Marketplace Exporter</title><style>")
        .append(CSS)
        .append("</style></head>\n<body>\n<h1>Marketplace Exporter</h1>\n<p class=\"muted\">")
        .append("Prometheus exporter for e-commerce marketplace and ERP health. Version ")
        .append(escape(r.version()))
        .append(" (revision ")
        .append(escape(r.revision()))
        .append(")")
        .append(
            r.demo()
                ? ", <strong>demo mode</strong> (<a href=\"/demo/rollback\">try a rollback"
                    + " approved from the chat</a>)"
                : "")
        .append(". As of ")
        .append(escape(r.generatedAt().truncatedTo(ChronoUnit.SECONDS).toString()))
        .append(".</p>\n");
    summary(h, r);
    shops(h, r);
    sources(h, r);
    queues(h, r);
    rejected(h, r);
    endpoints(h, authEnabled);
    return h.append("</body></html>\n").toString();
  }

  private static void summary(StringBuilder h, StatusReport r) {
    long up = r.sources().stream().filter(s -> s.state().equals(SourceStatus.UP)).count();
    int waiting = r.queues().stream().mapToInt(QueueStatus::depth).sum();
    h.append("<ul class=\"summary\" id=\"summary\">")
        .append("<li>Sources: ")
        .append(up)
        .append(" of ")
        .append(r.sources().size())
        .append(" up</li><li>Shops: ")
        .append(r.shopsTracked())
        .append(" tracked, ")
        .append(r.shopsInTrouble() > 0 ? "<span class=\"badge critical\">" : "<span>")
        .append(r.shopsInTrouble())
        .append(" in trouble</span></li><li>Relay: ")
        .append(waiting)
        .append(" notifications waiting</li><li>Rejected events kept: ")
        .append(r.rejected().size())
        .append("</li></ul>\n");
  }

  private static void shops(StringBuilder h, StatusReport r) {
    h.append("<section id=\"shops\"><h2>Shops in trouble now</h2>\n");
    List<ShopStatus> troubled = r.shops().stream().filter(ShopStatus::inTrouble).toList();
    if (troubled.isEmpty()) {
      h.append("<p>None: every tracked shop looks fine.</p>\n");
    }
    for (ShopStatus s : troubled) {
      String severity = s.severity();
      h.append("<article class=\"shop trouble ")
          .append(severity)
          .append("-shop\" data-shop=\"")
          .append(escape(s.shop()))
          .append("\"><h3><span class=\"badge ")
          .append(severity)
          .append("\">")
          .append(severity)
          .append("</span> ")
          .append(shopName(s))
          .append("</h3><ul>");
      for (Trouble t : s.troubles()) {
        h.append("<li data-kind=\"")
            .append(escape(t.kind()))
            .append("\">")
            .append(t.critical() ? "<strong>" : "")
            .append(escape(t.detail()))
            .append(t.critical() ? "</strong>" : "")
            .append("</li>");
      }
      h.append("</ul><span class=\"muted\">last event ")
          .append(ago(r.generatedAt(), s.lastEvent()))
          .append("</span></article>\n");
    }
    List<ShopStatus> fine = r.shops().stream().filter(s -> !s.inTrouble()).toList();
    h.append("<details><summary>")
        .append(r.shopsTracked() - r.shopsInTrouble())
        .append(r.shopsTracked() - r.shopsInTrouble() == 1 ? " shop" : " shops")
        .append(" without trouble")
        .append(fine.size() < r.shopsTracked() - r.shopsInTrouble() ? " (first listed)" : "")
        .append("</summary>");
    tableHead(h, "Shop", "Last event");
    for (ShopStatus s : fine) {
      h.append("<tr class=\"shop-ok\"><td data-label=\"Shop\">")
          .append(shopName(s))
          .append("</td><td data-label=\"Last event\">")
          .append(ago(r.generatedAt(), s.lastEvent()))
          .append("</td></tr>");
    }
    h.append("</tbody></table></details></section>\n");
  }

  private static String shopName(ShopStatus s) {
    return escape(s.marketplace())
        + (s.site().isEmpty() ? "" : " " + escape(s.site()))
        + " <code>"
        + escape(s.shop())
        + "</code>";
  }

  private static void sources(StringBuilder h, StatusReport r) {
    h.append("<section id=\"sources\"><h2>Sources</h2>\n");
    if (r.sources().isEmpty()) {
      h.append("<p>No source is polled: events are pushed to <code>/api/v1/events</code>.</p>");
    } else {
      tableHead(h, "Source", "State", "Last success", "Last error", "Next poll");
      for (SourceStatus s : r.sources()) {
        h.append("<tr class=\"source\" data-source=\"").append(escape(s.name())).append("\">");
        cell(h, "Source", "<code>" + escape(s.name()) + "</code>");
        cell(h, "State", "<span class=\"badge " + s.state() + "\">" + s.state() + "</span>");
        cell(h, "Last success", ago(r.generatedAt(), s.lastSuccess()));
        cell(
            h,
            "Last error",
            s.lastError() == null
                ? "none"
                : escape(s.lastError()) + " (" + s.failures() + " in a row)");
        cell(h, "Next poll", in(r.generatedAt(), s.nextPoll()));
        h.append("</tr>\n");
      }
      h.append("</tbody></table>");
    }
    h.append("</section>\n");
  }

  private static void queues(StringBuilder h, StatusReport r) {
    h.append("<section id=\"relay\"><h2>Alert relay queues</h2>\n");
    if (r.queues().isEmpty()) {
      h.append("<p>No relay target is configured (<code>relay:</code>).</p>");
    } else {
      tableHead(h, "Target", "Robots", "Waiting", "Oldest waiting", "Last delivery", "Dropped");
      for (QueueStatus q : r.queues()) {
        h.append("<tr class=\"queue\">");
        cell(h, "Target", "<code>" + escape(q.channel() + "/" + q.target()) + "</code>");
        cell(h, "Robots", Integer.toString(q.robots()));
        cell(h, "Waiting", Integer.toString(q.depth()));
        cell(h, "Oldest waiting", q.oldestWaiting() == null ? "-" : since(r, q.oldestWaiting()));
        cell(h, "Last delivery", ago(r.generatedAt(), q.lastDelivery()));
        cell(
            h,
            "Dropped",
            q.dropped() > 0 ? "<span class=\"badge critical\">" + q.dropped() + "</span>" : "0");
        h.append("</tr>\n");
      }
      h.append("</tbody></table>");
    }
    h.append("</section>\n");
  }

  private static void rejected(StringBuilder h, StatusReport r) {
    h.append("<section id=\"rejected\"><h2>Latest rejected events</h2>\n");
    if (r.rejected().isEmpty()) {
      h.append("<p>None since start.</p>");
    } else {
      tableHead(h, "When", "From", "Type", "Field", "Problem");
      for (RejectedEvent e : r.rejected()) {
        h.append("<tr class=\"rejected\">");
        cell(h, "When", ago(r.generatedAt(), e.at()));
        cell(h, "From", escape(e.origin()));
        cell(h, "Type", escape(e.type()));
        cell(h, "Field", "<code>" + escape(e.field()) + "</code>");
        cell(h, "Problem", escape(e.problem()));
        h.append("</tr>\n");
      }
      h.append("</tbody></table>");
    }
    h.append("</section>\n");
  }

  private static void endpoints(StringBuilder h, boolean authEnabled) {
    h.append(
            """
            <section id="endpoints"><h2>Endpoints</h2><ul>
            <li><a href="/metrics">/metrics</a>: metrics for Prometheus</li>
            <li><a href="/status.json">/status.json</a>: this page as JSON</li>
            <li><code>POST /api/v1/events</code>: push events (orders, sync, api_call, quota, \
            token, price, inventory, change, listing_status)""")
        .append(authEnabled ? " (bearer token required)" : "")
        .append(
            """
            </li>
            <li><a href="/api/v1/anomalies">/api/v1/anomalies</a>: SKUs with a price anomaly or \
            negative stock, newest first</li>
            <li><a href="/api/v1/changes">/api/v1/changes</a>: latest deploys and changes</li>
            <li><code>POST /alertmanager/{channel}/{target}</code>: Alertmanager webhook relay \
            to DingTalk, WeCom and Feishu robots (docs/alert-relay.md)</li>
            <li><a href="/-/healthy">/-/healthy</a>, <a href="/-/ready">/-/ready</a></li>
            </ul></section>
            """);
  }

  private static void tableHead(StringBuilder h, String... labels) {
    h.append("<table><thead><tr>");
    for (String l : labels) {
      h.append("<th>").append(l).append("</th>");
    }
    h.append("</tr></thead><tbody>");
  }

  private static void cell(StringBuilder h, String label, String html) {
    h.append("<td data-label=\"").append(label).append("\">").append(html).append("</td>");
  }

  private static String since(StatusReport r, Instant at) {
    return "for " + Ages.of(Duration.between(at, r.generatedAt()));
  }

  /** "12s ago", with the exact time as a tooltip; "never" for null. */
  static String ago(Instant now, Instant at) {
    if (at == null) {
      return "never";
    }
    return "<time datetime=\""
        + at
        + "\" title=\""
        + at
        + "\">"
        + Ages.of(Duration.between(at, now))
        + " ago</time>";
  }

  /** "in 3s", or "due" when the time has come; "-" for null. */
  static String in(Instant now, Instant at) {
    if (at == null) {
      return "-";
    }
    Duration d = Duration.between(now, at);
    return "<time datetime=\""
        + at
        + "\">"
        + (d.isNegative() || d.isZero() ? "due" : "in " + Ages.of(d))
        + "</time>";
  }
}
