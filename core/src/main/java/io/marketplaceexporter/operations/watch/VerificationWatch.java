package io.marketplaceexporter.operations.watch;

import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.Notice;
import io.marketplaceexporter.operations.RollbackListener;
import io.marketplaceexporter.operations.RollbackStarted;
import io.marketplaceexporter.operations.prometheus.PrometheusClient;
import io.marketplaceexporter.operations.prometheus.QueryResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a rollback, asks Prometheus every {@code prometheus.interval} whether the alert's runbook
 * check holds; once it has held for the block's {@code for}, posts "verified" to the rollback's
 * group; when it does not hold by {@code prometheus.verification_deadline} after the rollback,
 * posts "not recovered after N minutes — escalate". An alert without a check, or no Prometheus,
 * gets "cannot verify" at once. Never throws into its caller or its scheduler.
 */
public final class VerificationWatch implements RollbackListener {
  private static final Logger LOG = LoggerFactory.getLogger(VerificationWatch.class);

  private final Map<String, VerificationCheck> checks;
  private final PrometheusClient prometheus;
  private final ChatPoster poster;
  private final WatchMetrics metrics;
  private final Clock clock;
  private final Duration deadline;
  private final List<Running> running = new CopyOnWriteArrayList<>();

  public VerificationWatch(
      Map<String, VerificationCheck> checks,
      PrometheusClient prometheus,
      ChatPoster poster,
      WatchMetrics metrics,
      Clock clock,
      Duration deadline) {
    this.checks = Map.copyOf(checks);
    this.prometheus = prometheus;
    this.poster = poster;
    this.metrics = metrics;
    this.clock = clock;
    this.deadline = deadline;
  }

  /** One rollback being verified. */
  private static final class Running {
    final RollbackStarted rollback;
    final VerificationCheck check;
    final String query;
    final Instant since;
    Instant holdingSince;
    String lastProblem = "";

    Running(RollbackStarted rollback, VerificationCheck check, Instant since) {
      this.rollback = rollback;
      this.check = check;
      this.query = check.render(rollback.labels());
      this.since = since;
    }
  }

  @Override
  public void rollbackStarted(RollbackStarted started) {
    try {
      String alertname = started.labels().getOrDefault("alertname", "");
      VerificationCheck check = checks.get(alertname);
      if (check == null || !prometheus.configured()) {
        String why =
            check == null
                ? "its runbook has no machine-readable Verification block"
                : "no Prometheus is configured (`prometheus.url`)";
        metrics.verification(alertname, "unverifiable");
        post(
            started,
            "Cannot verify " + Texts.clean(alertname),
            "**Cannot verify** the rollback `"
                + Texts.clean(started.action())
                + "` of **"
                + Texts.clean(alertname)
                + "** "
                + Texts.labels(started.labels())
                + ": "
                + why
                + ". Check by hand, as the runbook's Verification section says.");
        return;
      }
      running.add(new Running(started, check, clock.instant()));
      metrics.running("verification", running.size());
    } catch (RuntimeException e) {
      LOG.error("verification watch: cannot start for {}", started.action(), e);
    }
  }

  /** One round: asks Prometheus for every running verification and ends those that are done. */
  public void tick() {
    for (Running r : running) {
      try {
        evaluate(r);
      } catch (RuntimeException e) {
        LOG.error("verification watch: evaluation failed for {}", r.check.alertname(), e);
      }
    }
    metrics.running("verification", running.size());
  }

  /** How many verifications are running. */
  public int running() {
    return running.size();
  }

  private void evaluate(Running r) {
    Instant now = clock.instant();
    QueryResult result = prometheus.query(r.query, null);
    if (result instanceof QueryResult.Ok ok) {
      r.lastProblem = "";
      if (ok.nonEmpty()) {
        if (r.holdingSince == null) {
          r.holdingSince = now;
        }
      } else {
        r.holdingSince = null;
      }
    } else if (result instanceof QueryResult.Failed f) {
      // No evidence either way: a holding condition keeps holding until Prometheus says otherwise.
      r.lastProblem = f.reason().label() + ": " + f.detail();
    }
    String alertname = r.check.alertname();
    if (r.holdingSince != null
        && Duration.between(r.holdingSince, now).compareTo(r.check.holdFor()) >= 0) {
      finish(r, "verified");
      post(
          r.rollback,
          "Verified: " + alertname,
          "**Verified**: "
              + what(r)
              + " has recovered. The runbook's check held for "
              + Texts.duration(r.check.holdFor())
              + ", "
              + Texts.duration(Duration.between(r.since, now))
              + " after the rollback.\n\n`"
              + Texts.clean(r.query)
              + "`");
    } else if (r.holdingSince == null && Duration.between(r.since, now).compareTo(deadline) >= 0) {
      finish(r, "not_recovered");
      long minutes = Duration.between(r.since, now).toMinutes();
      post(
          r.rollback,
          "Not recovered: " + alertname + " — escalate",
          "**Not recovered after "
              + minutes
              + " minutes — escalate.** "
              + what(r)
              + ": the runbook's check does not hold. Follow the runbook's Escalation section."
              + (r.lastProblem.isEmpty()
                  ? ""
                  : "\n\nPrometheus could not be asked: " + Texts.clean(r.lastProblem))
              + "\n\n`"
              + Texts.clean(r.query)
              + "`");
    }
  }

  private static String what(Running r) {
    return "**"
        + Texts.clean(r.check.alertname())
        + "** "
        + Texts.labels(r.rollback.labels())
        + " after the rollback `"
        + Texts.clean(r.rollback.action())
        + "` by "
        + Texts.clean(r.rollback.approver());
  }

  private void finish(Running r, String result) {
    running.remove(r);
    metrics.verification(r.check.alertname(), result);
    metrics.running("verification", running.size());
    LOG.info("verification of {} after {}: {}", r.check.alertname(), r.rollback.action(), result);
  }

  private void post(RollbackStarted to, String title, String markdown) {
    if (!poster.post(to.group(), Notice.of(title, markdown))) {
      LOG.warn("verification watch: could not post \"{}\" to {}", title, to.group());
    }
  }
}
