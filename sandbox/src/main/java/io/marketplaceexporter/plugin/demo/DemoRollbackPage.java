package io.marketplaceexporter.plugin.demo;

import io.javalin.http.Context;
import io.marketplaceexporter.demo.DemoIncidents;
import io.marketplaceexporter.demo.DemoIncidents.ActiveIncident;
import io.marketplaceexporter.demo.Incident;
import io.marketplaceexporter.http.ExtraRoutes;
import io.marketplaceexporter.operations.ApprovalLink;
import io.marketplaceexporter.operations.ApprovalLinks;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /demo/rollback}: the rollback loop without Prometheus, Alertmanager or a robot. It
 * lists the incidents playing now with the alert each fires; "Ask for approval" ({@code
 * ?incident=...&shop=...}) issues the approval link the relay's message would carry, for the group
 * {@code demo/chat}, and shows it as that message would; the notices posted to the group follow.
 */
final class DemoRollbackPage {
  /** The page's path, linked from the landing page in demo mode. */
  static final String PATH = "/demo/rollback";

  private final DemoIncidents incidents;
  private final ApprovalLinks links;
  private final DemoNotices notices;
  private final Optional<DemoApprover> approver;

  DemoRollbackPage(
      DemoIncidents incidents,
      ApprovalLinks links,
      DemoNotices notices,
      Optional<DemoApprover> approver) {
    this.incidents = incidents;
    this.links = links;
    this.notices = notices;
    this.approver = approver;
  }

  void register(ExtraRoutes extra) {
    extra.javalin().get(PATH, this::show);
  }

  private void show(Context ctx) {
    StringBuilder b = new StringBuilder();
    b.append("<h1>Rollback from the chat, played in the demo</h1>")
        .append(
            "<p>In production Prometheus fires an alert, Alertmanager hands it to the relay and")
        .append(" the robot posts it with a link to the approval page. Here this page stands in")
        .append(" for them: ask for approval of an incident below, follow the link, sign in and")
        .append(" confirm. The demo's action <code>demo-rollback</code> then calls")
        .append(" <code>POST /api/v1/demo/rollbacks</code>, which ends the incident.</p>");
    approver.ifPresentOrElse(
        a ->
            b.append("<p>Sign in as <b>")
                .append(esc(a.user()))
                .append("</b> with the password <code class=\"password\">")
                .append(esc(a.password()))
                .append("</code> (demo only: a new one at every start, accepted by the approval")
                .append(" page only).</p>"),
        () ->
            b.append("<p>Your configuration's <code>actions</code> are used; sign in as one of")
                .append(" their approvers.</p>"));
    asked(ctx).ifPresent(a -> b.append(message(a)));
    b.append("<h2>Playing now</h2><table><tr><th>Incident</th><th>Shop</th><th>Alert</th>")
        .append("<th>Until</th><th></th></tr>");
    for (ActiveIncident a : incidents.active()) {
      b.append("<tr><td>")
          .append(esc(a.incident().label()))
          .append("</td><td>")
          .append(esc(a.shop()))
          .append("</td><td>")
          .append(esc(a.incident().alert()))
          .append("</td><td>")
          .append(Instant.ofEpochMilli(a.untilMillis()))
          .append("</td><td><a class=\"ask\" href=\"")
          .append(PATH)
          .append("?incident=")
          .append(esc(a.incident().label()))
          .append("&amp;shop=")
          .append(esc(a.shop()))
          .append("\">Ask for approval</a></td></tr>");
    }
    b.append("</table><h2>Messages to the group demo/chat</h2><ul>");
    for (DemoNotices.Received r : notices.newestFirst()) {
      b.append("<li>")
          .append(r.at())
          .append(" <b>")
          .append(esc(r.notice().title()))
          .append("</b>: ")
          .append(esc(r.notice().markdown()))
          .append("</li>");
    }
    b.append("</ul>");
    ctx.status(200)
        .contentType("text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .result(
            "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\""
                + " content=\"width=device-width, initial-scale=1\"><title>Demo: rollback from"
                + " the chat</title></head><body>"
                + b
                + "<p><a href=\"/\">Back</a></p></body></html>");
  }

  /** The incident asked about, when it plays now against the shop asked about. */
  private Optional<ActiveIncident> asked(Context ctx) {
    Optional<Incident> incident =
        Optional.ofNullable(ctx.queryParam("incident")).flatMap(Incident::parse);
    String shop = ctx.queryParam("shop");
    return incident.flatMap(
        i ->
            incidents.active().stream()
                .filter(a -> a.incident() == i && a.shop().equals(shop))
                .findFirst());
  }

  /** The chat message the robot would post for the incident's alert, with its approval link. */
  private String message(ActiveIncident a) {
    Map<String, String> labels =
        Map.of("alertname", a.incident().alert(), "shop", a.shop(), "severity", "critical");
    Optional<ApprovalLink> link = links.linkFor(DemoNotices.GROUP, labels);
    StringBuilder b =
        new StringBuilder("<section><h2>The message in demo/chat</h2><p><b>[FIRING:1] ")
            .append(esc(a.incident().alert()))
            .append("</b> shop=")
            .append(esc(a.shop()))
            .append("</p>");
    link.ifPresentOrElse(
        l ->
            b.append("<p><a class=\"button\" href=\"")
                .append(esc(l.url().toString()))
                .append("\">")
                .append(esc(l.label()))
                .append("</a></p>"),
        () -> b.append("<p>No rollback action serves this alert: the message has no link.</p>"));
    return b.append("</section>").toString();
  }

  private static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
