package io.marketplaceexporter.http;

import static io.marketplaceexporter.http.Html.escape;

import io.javalin.http.Context;
import io.marketplaceexporter.operations.actions.ApprovalToken;
import io.marketplaceexporter.operations.actions.Refusal;
import io.marketplaceexporter.operations.actions.ResolvedAction;
import io.marketplaceexporter.operations.actions.RollbackActions;
import io.marketplaceexporter.web.WebSecurity;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The approval page of a rollback action, {@code GET /actions/approve/{token}}: what will run and
 * for which alert, a sign-in form for the web configuration's users (a form, not basic auth, so it
 * works in a chat app's browser), and the confirm button for the action's approvers. No script;
 * every form carries the session's synchronizer token and is checked against the {@code Origin}
 * header when one is sent. Every refusal is a 4xx page that says why and runs nothing. Basic auth
 * does not apply to these paths ({@link #PREFIX}): the page has its own sign-in.
 */
public final class ApprovalPage {
  /**
   * The paths served here; exempt from the web configuration's basic auth, not from its rate limit.
   */
  public static final String PREFIX = RollbackActions.APPROVE_PATH;

  static final String COOKIE = "mpe_approval";

  private final RollbackActions actions;
  private final WebSecurity web;
  private final ApprovalSessions sessions;
  private final String externalOrigin;

  public ApprovalPage(RollbackActions actions, WebSecurity web, String externalUrl, Clock clock) {
    this.actions = actions;
    this.web = web;
    this.sessions = new ApprovalSessions(clock);
    this.externalOrigin = origin(externalUrl);
  }

  /** Adds the page's three routes. */
  public void routes(ExtraRoutes routes) {
    routes.javalin().get(PREFIX + "{token}", this::show);
    routes.javalin().post(PREFIX + "{token}/sign-in", this::signIn);
    routes.javalin().post(PREFIX + "{token}/confirm", this::confirm);
  }

  private void show(Context ctx) {
    String token = ctx.pathParam("token");
    RollbackActions.Inspection i = actions.inspect(token);
    if (i instanceof RollbackActions.Refused r) {
      refusal(ctx, r.refusal());
      return;
    }
    RollbackActions.Pending p = (RollbackActions.Pending) i;
    Optional<ApprovalSessions.Session> s = session(ctx).filter(x -> x.user() != null);
    if (s.isPresent()) {
      String user = s.get().user();
      if (!p.action().config().approvers().contains(user)) {
        page(
            ctx,
            403,
            details(p, user)
                + notApprover(user, p.action())
                + signInForm(token, s.get(), "Sign in as an approver instead:"));
        return;
      }
      page(ctx, 200, details(p, user) + confirmForm(token, s.get(), user));
      return;
    }
    ApprovalSessions.Session fresh = sessions.create(null);
    setCookie(ctx, fresh);
    page(ctx, 200, details(p, "") + signInForm(token, fresh, ""));
  }

  private void signIn(Context ctx) {
    String token = ctx.pathParam("token");
    Optional<ApprovalSessions.Session> s = checkedForm(ctx);
    if (s.isEmpty()) {
      return;
    }
    String user = Optional.ofNullable(ctx.formParam("user")).orElse("");
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    String ip = ctx.ip();
    if (sessions.throttled(user, ip)) {
      message(
          ctx,
          429,
          "Too many failed sign-ins",
          "Too many failed sign-ins for this user or from this address: try again in "
              + ApprovalSessions.WINDOW.toMinutes()
              + " minutes.");
      return;
    }
    if (!web.verifyPassword(user, password)) {
      sessions.failed(user, ip);
      RollbackActions.Inspection i = actions.inspect(token);
      String form = signInForm(token, s.get(), "Wrong user name or password.");
      page(
          ctx,
          401,
          (i instanceof RollbackActions.Pending p ? details(p, "") : "<h1>Sign in</h1>") + form);
      return;
    }
    sessions.remove(s.get().id());
    setCookie(ctx, sessions.create(user));
    ctx.status(303).header("Location", PREFIX + token);
  }

  private void confirm(Context ctx) {
    String token = ctx.pathParam("token");
    Optional<ApprovalSessions.Session> s = checkedForm(ctx);
    if (s.isEmpty()) {
      return;
    }
    if (s.get().user() == null) {
      message(ctx, 401, "Sign in first", "Open the link again and sign in.");
      return;
    }
    RollbackActions.Approval a = actions.approve(token, s.get().user());
    if (a.refused().isPresent()) {
      refusal(ctx, a.refused().get());
      return;
    }
    message(
        ctx,
        a.succeeded() ? 200 : 502,
        a.succeeded() ? "Rollback started" : "Rollback failed",
        (a.succeeded() ? "The rollback request was accepted: " : "The rollback request failed: ")
            + a.detail()
            + ". The group was told.");
  }

  /**
   * The session of a form post, when its cookie, its synchronizer token and its {@code Origin} (if
   * sent) check out; otherwise a 403 page is answered and empty returned.
   */
  private Optional<ApprovalSessions.Session> checkedForm(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin != null && !origin.equals(externalOrigin) && !origin.equals(ownOrigin(ctx))) {
      message(ctx, 403, "Refused", "This form was sent from another site; nothing was run.");
      return Optional.empty();
    }
    Optional<ApprovalSessions.Session> s = session(ctx);
    if (s.isEmpty() || !ApprovalSessions.csrfMatches(s.get(), ctx.formParam("csrf"))) {
      message(
          ctx,
          403,
          "Refused",
          "This form has expired or did not come from this page; nothing was run. Open the link"
              + " again.");
      return Optional.empty();
    }
    return s;
  }

  private Optional<ApprovalSessions.Session> session(Context ctx) {
    return sessions.get(ctx.cookie(COOKIE));
  }

  private void setCookie(Context ctx, ApprovalSessions.Session s) {
    boolean secure = web.tls() || "https".equals(ctx.scheme());
    ctx.header(
        "Set-Cookie",
        COOKIE
            + "="
            + s.id()
            + "; Path="
            + PREFIX
            + "; Max-Age="
            + ApprovalSessions.TTL.toSeconds()
            + "; HttpOnly; SameSite=Strict"
            + (secure ? "; Secure" : ""));
  }

  private void refusal(Context ctx, Refusal r) {
    String title =
        switch (r.reason()) {
          case FORGED -> "Invalid link";
          case EXPIRED -> "Link expired";
          case USED -> "Link already used";
          case FOREIGN -> "Unknown action";
          case NOT_APPROVER -> "Not an approver";
          case COOLDOWN -> "Action cooling down";
          case UNAVAILABLE -> "Try again";
        };
    message(ctx, r.status(), title, r.detail() + ". Nothing was run.");
  }

  private static String details(RollbackActions.Pending p, String approver) {
    ResolvedAction a = p.action();
    ApprovalToken t = p.token();
    StringBuilder h = new StringBuilder();
    h.append("<h1>Approve rollback: ").append(escape(a.name())).append("</h1>\n");
    h.append("<h2>For the alert</h2>\n<table>");
    row(h, "alert", t.alertname());
    for (Map.Entry<String, String> l : new TreeMap<>(t.labels()).entrySet()) {
      if (!l.getKey().equals("alertname")) {
        row(h, l.getKey(), l.getValue());
      }
    }
    row(h, "posted to", t.group().toString());
    row(h, "link valid until", t.expires().toString());
    h.append("</table>\n<h2>What will run</h2>\n<table>");
    row(h, "action", a.name());
    row(h, "request", a.method() + " " + a.displayUrl());
    StringBuilder headers = new StringBuilder();
    a.headerNames().forEach(n -> headers.append(headers.isEmpty() ? "" : ", ").append(n));
    if (!headers.isEmpty()) {
      row(h, "headers", headers + " (values not shown)");
    }
    row(h, "approvers", String.join(", ", a.config().approvers()));
    h.append("</table>\n");
    String body = a.shownBody(t.labels(), approver.isEmpty() ? "(you)" : approver);
    if (!body.isEmpty()) {
      h.append("<h2>Body (")
          .append(escape(a.contentType()))
          .append(")</h2>\n<pre>")
          .append(escape(body))
          .append("</pre>\n");
    }
    return h.toString();
  }

  private static void row(StringBuilder h, String key, String value) {
    h.append("<tr><th>").append(escape(key)).append("</th><td>").append(escape(value));
    h.append("</td></tr>");
  }

  private static String signInForm(String token, ApprovalSessions.Session s, String error) {
    return "<h2>Sign in to approve</h2>\n"
        + (error.isEmpty() ? "" : "<p class=\"error\">" + escape(error) + "</p>\n")
        + "<form method=\"post\" action=\""
        + escape(PREFIX + token + "/sign-in")
        + "\"><input type=\"hidden\" name=\"csrf\" value=\""
        + escape(s.csrf())
        + "\"><label>User <input name=\"user\" autocomplete=\"username\" required></label>"
        + "<label>Password <input name=\"password\" type=\"password\""
        + " autocomplete=\"current-password\" required></label>"
        + "<button type=\"submit\">Sign in</button></form>\n";
  }

  private static String confirmForm(String token, ApprovalSessions.Session s, String user) {
    return "<p>Signed in as <b>"
        + escape(user)
        + "</b>.</p>\n<form method=\"post\" action=\""
        + escape(PREFIX + token + "/confirm")
        + "\"><input type=\"hidden\" name=\"csrf\" value=\""
        + escape(s.csrf())
        + "\"><button type=\"submit\" class=\"danger\">Run the rollback now</button></form>\n";
  }

  private static String notApprover(String user, ResolvedAction a) {
    return "<p class=\"error\">Signed in as <b>"
        + escape(user)
        + "</b>, who is not an approver of "
        + escape(a.name())
        + ". Nothing will run.</p>\n";
  }

  private static void message(Context ctx, int status, String title, String text) {
    page(ctx, status, "<h1>" + escape(title) + "</h1>\n<p>" + escape(text) + "</p>\n");
  }

  private static final String CSS =
      "body{font:16px/1.4 system-ui,sans-serif;margin:0 auto;max-width:40rem;padding:.6rem;"
          + "color:#222}h1{font-size:1.3rem}h2{font-size:1.1rem;margin:1rem 0 .3rem}"
          + "table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.2rem .4rem;"
          + "border-bottom:1px solid #ddd;vertical-align:top;overflow-wrap:anywhere}"
          + "pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:.4rem}"
          + "label{display:block;margin:.4rem 0}input{display:block;width:100%;font-size:1rem;"
          + "padding:.4rem;box-sizing:border-box}button{font-size:1.1rem;padding:.6rem 1rem;"
          + "margin-top:.6rem;width:100%}.danger{background:#cc0033;color:#fff;border:0}"
          + ".error{color:#cc0033;font-weight:600}";

  private static void page(Context ctx, int status, String body) {
    ctx.status(status)
        .header("Cache-Control", "no-store")
        .header("Referrer-Policy", "same-origin")
        .header("X-Frame-Options", "DENY")
        .header(
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self';"
                + " frame-ancestors 'none'")
        .contentType("text/html; charset=utf-8")
        .result(
            "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>Rollback approval</title><style>"
                + CSS
                + "</style></head>\n<body>\n"
                + body
                + "</body></html>\n");
  }

  private static String ownOrigin(Context ctx) {
    String host = ctx.header("Host");
    return host == null ? "" : ctx.scheme() + "://" + host;
  }

  private static String origin(String url) {
    if (url == null || url.isEmpty()) {
      return "";
    }
    URI u = URI.create(url);
    return u.getScheme() + "://" + u.getRawAuthority();
  }
}
