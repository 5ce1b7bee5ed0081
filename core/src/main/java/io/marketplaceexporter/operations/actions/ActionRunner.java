package io.marketplaceexporter.operations.actions;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.marketplaceexporter.ingest.IngestResult;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.logging.LogText;
import io.marketplaceexporter.model.MetricNames;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.Notice;
import io.marketplaceexporter.operations.RollbackListener;
import io.marketplaceexporter.operations.RollbackStarted;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a rollback action once: posts "rollback started by …" to the group, sends the request (no
 * redirect followed, the action's timeout), and on a 2xx answer records a {@code change} event of
 * kind {@code rollback} through the ingest path and tells the {@link RollbackListener}; then posts
 * the result, appends a line to the audit log ({@code actions-audit.jsonl} under {@code
 * --storage.path}) and counts it. Nothing it logs, posts or writes carries a secret: the URL is
 * shown without its query, headers and body not at all.
 */
final class ActionRunner {
  static final String AUDIT_FILE = "actions-audit.jsonl";
  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

  /** How a run ended: {@code httpStatus} 0 when no answer came. */
  record Result(boolean succeeded, int httpStatus, String detail) {}

  private final OkHttpClient http;
  private final IngestService ingest;
  private final ChatPoster poster;
  private final RollbackListener listener;
  private final Path audit;
  private final Clock clock;
  private final Counter runs;

  ActionRunner(
      OkHttpClient shared,
      IngestService ingest,
      ChatPoster poster,
      RollbackListener listener,
      Path storagePath,
      Clock clock,
      PrometheusRegistry registry,
      List<String> actions) {
    this.http = shared.newBuilder().followRedirects(false).followSslRedirects(false).build();
    this.ingest = ingest;
    this.poster = poster;
    this.listener = listener;
    this.audit = storagePath.resolve(AUDIT_FILE);
    this.clock = clock;
    this.runs =
        Counter.builder()
            .name(MetricNames.ROLLBACK_ACTIONS)
            .help(
                "Rollback actions run, by action and result (succeeded: the request answered 2xx;"
                    + " failed: another status or no answer).")
            .labelNames("action", "result")
            .register(registry);
    for (String a : actions) {
      runs.labelValues(a, "succeeded");
      runs.labelValues(a, "failed");
    }
  }

  Result run(ResolvedAction action, Map<String, String> labels, ChatGroup group, String approver) {
    Instant at = clock.instant();
    String alert = labels.getOrDefault("alertname", "");
    post(
        group,
        "Rollback started by " + approver,
        "**Rollback started by "
            + approver
            + "**: "
            + action.name()
            + " for "
            + alert
            + describe(labels));
    Result result = send(action, labels, approver);
    if (result.succeeded()) {
      recordChange(action, at, approver, alert, labels);
    }
    post(
        group,
        result.succeeded() ? "Rollback request accepted" : "Rollback FAILED",
        (result.succeeded() ? "**Rollback request accepted**: " : "**Rollback FAILED**: ")
            + action.name()
            + " ("
            + result.detail()
            + "), approved by "
            + approver);
    // After the group heard the request was accepted: the watch's first word ("cannot verify",
    // later "verified") follows it in the chat.
    if (result.succeeded()) {
      try {
        listener.rollbackStarted(new RollbackStarted(action.name(), labels, group, approver, at));
      } catch (RuntimeException e) {
        LOG.warn("rollback listener failed for action {}: {}", action.name(), e.toString());
      }
    }
    runs.labelValues(action.name(), result.succeeded() ? "succeeded" : "failed").inc();
    audit(
        "run",
        action.name(),
        approver,
        labels,
        group,
        result.succeeded() ? "succeeded" : "failed",
        result.httpStatus(),
        result.detail());
    LOG.info(
        "rollback action {} for {} approved by {}: {}",
        action.name(),
        LogText.safe(alert),
        LogText.safe(approver),
        result.detail());
    return result;
  }

  private Result send(ResolvedAction action, Map<String, String> labels, String approver) {
    OkHttpClient client =
        http.newBuilder()
            .callTimeout(action.config().request().timeout().toMillis(), TimeUnit.MILLISECONDS)
            .build();
    String where = action.method() + " " + action.displayUrl();
    try (Response r = client.newCall(action.request(labels, approver)).execute()) {
      boolean ok = r.code() >= 200 && r.code() < 300;
      return new Result(ok, r.code(), where + " answered HTTP " + r.code());
    } catch (IOException e) {
      // The exception's message may name the host, never a header or the body.
      return new Result(false, 0, where + " failed: " + e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      return new Result(false, 0, where + " could not be sent: " + e.getClass().getSimpleName());
    }
  }

  /**
   * The rollback's {@code change} event: the action as its version, the approver, and the alert as
   * its name with the shop when it has one (cut to the length a label value may have).
   */
  private void recordChange(
      ResolvedAction action,
      Instant at,
      String approver,
      String alertname,
      Map<String, String> labels) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("type", "change");
    e.put("service", action.config().service());
    e.put("kind", "rollback");
    e.put("version", action.name());
    e.put("at", at.toEpochMilli() / 1000.0);
    e.put("approver", cut(approver));
    String shop = labels.get("shop");
    String alert = shop == null || shop.isEmpty() ? alertname : alertname + " shop=" + shop;
    if (!alert.isEmpty()) {
      e.put("alert", cut(alert));
    }
    IngestResult r = ingest.ingestPolled(List.of(e));
    if (r.accepted() != 1) {
      LOG.warn("the change event of rollback action {} was not recorded", action.name());
    }
  }

  /** {@code s} cut to the 128 characters a label value may have, never inside a surrogate pair. */
  private static String cut(String s) {
    if (s.length() <= 128) {
      return s;
    }
    return s.substring(0, Character.isHighSurrogate(s.charAt(127)) ? 127 : 128);
  }

  private void post(ChatGroup group, String title, String markdown) {
    try {
      if (!poster.post(group, Notice.of(title, markdown))) {
        LOG.warn("no relay target {} to post \"{}\" to", group, title);
      }
    } catch (RuntimeException e) {
      LOG.warn("posting \"{}\" to {} failed: {}", title, group, e.toString());
    }
  }

  /** Appends one audit line: who, what, for which alert, when, the result and HTTP status. */
  void audit(
      String event,
      String action,
      String user,
      Map<String, String> labels,
      ChatGroup group,
      String result,
      int httpStatus,
      String detail) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("at", clock.instant().toString());
    line.put("event", event);
    line.put("action", action);
    line.put("user", user);
    line.put("alert", new java.util.TreeMap<>(labels));
    line.put("group", group.toString());
    line.put("result", result);
    line.put("http_status", httpStatus);
    line.put("detail", detail);
    try {
      JsonLines.append(audit, line);
    } catch (IOException e) {
      LOG.error("cannot append to the actions audit log {}: {}", audit, e.toString());
    }
  }

  private static String describe(Map<String, String> labels) {
    StringBuilder sb = new StringBuilder();
    new java.util.TreeMap<>(labels)
        .forEach(
            (k, v) -> {
              if (!k.equals("alertname")) {
                sb.append(sb.isEmpty() ? " (" : ", ").append(k).append('=').append(v);
              }
            });
    return sb.isEmpty() ? "" : sb.append(')').toString();
  }
}
