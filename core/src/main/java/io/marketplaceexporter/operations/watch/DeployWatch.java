package io.marketplaceexporter.operations.watch;

import io.marketplaceexporter.config.AlertingConfig.ChangeScope;
import io.marketplaceexporter.config.DeployWatchConfig;
import io.marketplaceexporter.model.Vocabulary.ChangeKind;
import io.marketplaceexporter.operations.ApprovalLink;
import io.marketplaceexporter.operations.ApprovalLinks;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.Notice;
import io.marketplaceexporter.operations.prometheus.PrometheusClient;
import io.marketplaceexporter.operations.prometheus.QueryResult;
import io.marketplaceexporter.state.Change;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches each {@code deploy} change for {@code deploy_watch.duration}: per scope of its service
 * ({@code alerting.change_scopes}; none: every shop) it compares the order failure ratio, the API
 * error ratio and the worst sync lag over the same duration before the deploy with the time since.
 * A regression (figure above its floor and at least its factor times the figure before) seen for
 * {@link #REGRESSION_FOR} ends the watch early with a notice carrying the rollback button ({@link
 * ApprovalLinks}, alert {@code PostDeployRegression}); otherwise one "no regression" verdict with
 * the figures when the duration is over. New changes are read from the state's recent changes
 * (polled on each {@link #tick}), so the ingest path does not know about the watch.
 */
public final class DeployWatch {
  private static final Logger LOG = LoggerFactory.getLogger(DeployWatch.class);

  /** How long a regression must be seen before it is posted (the pack's 5-minute {@code for}). */
  static final Duration REGRESSION_FOR = Duration.ofMinutes(5);

  /** The most deploys watched at once; more are counted as no_data and not watched. */
  static final int MAX_RUNNING = 100;

  private final DeployWatchConfig config;
  private final List<ChangeScope> scopes;
  private final IntFunction<List<Change>> recentChanges;
  private final PrometheusClient prometheus;
  private final ChatPoster poster;
  private final ApprovalLinks links;
  private final WatchMetrics metrics;
  private final Clock clock;
  private final List<Running> running = new CopyOnWriteArrayList<>();
  private Change lastSeen;
  private boolean primed;

  public DeployWatch(
      DeployWatchConfig config,
      List<ChangeScope> scopes,
      IntFunction<List<Change>> recentChanges,
      PrometheusClient prometheus,
      ChatPoster poster,
      ApprovalLinks links,
      WatchMetrics metrics,
      Clock clock) {
    this.config = config;
    this.scopes = List.copyOf(scopes);
    this.recentChanges = recentChanges;
    this.prometheus = prometheus;
    this.poster = poster;
    this.links = links;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** One scope of one deploy: its figures before, and since when it regresses. */
  private static final class Scope {
    final DeploySignals signals;
    final Map<String, String> labels;
    double[] before;
    double[] after;
    Instant regressingSince;

    Scope(DeploySignals signals, Map<String, String> labels) {
      this.signals = signals;
      this.labels = labels;
    }
  }

  /** One deploy being watched. */
  private static final class Running {
    final Change change;
    final Instant at;
    final List<Scope> scopes;

    Running(Change change, Instant at, List<Scope> scopes) {
      this.change = change;
      this.at = at;
      this.scopes = scopes;
    }
  }

  /**
   * Remembers the changes present now (a restart does not watch old deploys again); call once
   * before the first {@link #tick}.
   */
  public void prime() {
    List<Change> recent = recentChanges.apply(1);
    lastSeen = recent.isEmpty() ? null : recent.get(0);
    primed = true;
  }

  /** One round: starts watches for new deploys, evaluates the running ones. */
  public void tick() {
    try {
      if (!primed) {
        prime();
      }
      startNew();
      for (Running r : running) {
        evaluate(r);
      }
    } catch (RuntimeException e) {
      LOG.error("deploy watch: round failed", e);
    }
    metrics.running("deploy", running.size());
  }

  /** How many deploys are watched. */
  public int running() {
    return running.size();
  }

  private void startNew() {
    List<Change> fresh = new ArrayList<>();
    for (Change c : recentChanges.apply(1000)) {
      if (c == lastSeen) {
        break;
      }
      fresh.add(c);
    }
    if (!fresh.isEmpty()) {
      lastSeen = fresh.get(0);
    }
    for (int i = fresh.size() - 1; i >= 0; i--) {
      Change c = fresh.get(i);
      if (c.kind() != ChangeKind.DEPLOY || !prometheus.configured()) {
        continue;
      }
      if (running.size() >= MAX_RUNNING) {
        metrics.deployVerdict("no_data");
        LOG.warn("deploy watch: {} deploys watched already; not watching {}", MAX_RUNNING, c);
        continue;
      }
      running.add(start(c));
    }
  }

  private Running start(Change c) {
    Instant at = Instant.ofEpochMilli((long) (c.at() * 1000));
    List<Scope> list = new ArrayList<>();
    for (ChangeScope s : scopes) {
      if (s.service().equals(c.service())) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("marketplace", s.marketplace());
        if (!s.shop().isEmpty()) {
          labels.put("site", s.site());
          labels.put("shop", s.shop());
        }
        list.add(new Scope(DeploySignals.of(s), labels));
      }
    }
    if (list.isEmpty()) {
      list.add(new Scope(DeploySignals.everywhere(), Map.of()));
    }
    LOG.info("deploy watch: watching {} {} for {}", c.service(), c.version(), config.duration());
    return new Running(c, at, list);
  }

  private void evaluate(Running r) {
    Instant now = clock.instant();
    Instant end = r.at.plus(config.duration());
    Instant until = now.isBefore(end) ? now : end;
    Duration since = Duration.between(r.at, until);
    for (Scope s : r.scopes) {
      if (s.before == null) {
        s.before = figures(s.signals, config.duration(), r.at);
      }
      s.after = figures(s.signals, since, until);
      if (regression(s).isEmpty()) {
        s.regressingSince = null;
      } else if (s.regressingSince == null) {
        s.regressingSince = now;
      }
      if (s.regressingSince != null
          && Duration.between(s.regressingSince, now).compareTo(REGRESSION_FOR) >= 0) {
        finish(r, "regression");
        postRegression(r, s, since);
        return;
      }
    }
    if (!now.isBefore(end)) {
      boolean noData = r.scopes.stream().allMatch(s -> allNaN(s.after));
      finish(r, noData ? "no_data" : "no_regression");
      postVerdict(r, noData);
    }
  }

  private double[] figures(DeploySignals signals, Duration window, Instant at) {
    List<String> queries = signals.queries(window);
    double[] out = new double[queries.size()];
    for (int i = 0; i < out.length; i++) {
      QueryResult result = prometheus.query(queries.get(i), at);
      out[i] =
          result instanceof QueryResult.Ok ok && ok.nonEmpty()
              ? ok.samples().get(0).value()
              : Double.NaN;
    }
    return out;
  }

  /** The names of the figures that regressed in {@code s}. */
  private List<String> regression(Scope s) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < s.after.length; i++) {
      double after = s.after[i];
      double before = Double.isNaN(s.before[i]) ? 0 : s.before[i];
      boolean lag = i == 2;
      double floor = lag ? config.minSyncLag().toSeconds() : config.minRatio();
      double factor = lag ? config.syncLagFactor() : config.ratioFactor();
      if (!Double.isNaN(after) && after > floor && after >= factor * before) {
        names.add(DeploySignals.NAMES.get(i));
      }
    }
    return names;
  }

  private static boolean allNaN(double[] values) {
    for (double v : values) {
      if (!Double.isNaN(v)) {
        return false;
      }
    }
    return true;
  }

  private void finish(Running r, String verdict) {
    running.remove(r);
    metrics.deployVerdict(verdict);
    metrics.running("deploy", running.size());
    LOG.info("deploy watch of {} {}: {}", r.change.service(), r.change.version(), verdict);
  }

  private String deploy(Running r) {
    return "`"
        + Texts.clean(r.change.service())
        + (r.change.version().isEmpty() ? "" : " " + Texts.clean(r.change.version()))
        + "`";
  }

  private static String table(Scope s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < DeploySignals.NAMES.size(); i++) {
      sb.append("- ")
          .append(DeploySignals.NAMES.get(i))
          .append(": ")
          .append(format(i, s.before[i]))
          .append(" before → ")
          .append(format(i, s.after[i]))
          .append(" after\n");
    }
    return sb.toString();
  }

  private static String format(int i, double v) {
    if (i < 2) {
      return Texts.percent(v);
    }
    return Double.isNaN(v) ? "no data" : Texts.duration(Duration.ofSeconds((long) v));
  }

  private void postVerdict(Running r, boolean noData) {
    StringBuilder md = new StringBuilder();
    md.append(noData ? "**No data**" : "**No regression**")
        .append(" in the ")
        .append(Texts.duration(config.duration()))
        .append(" after the deploy of ")
        .append(deploy(r))
        .append(".\n\n");
    for (Scope s : r.scopes) {
      md.append("**").append(Texts.clean(s.signals.description())).append("**\n").append(table(s));
    }
    post(
        Notice.of(
            (noData ? "Deploy watch: no data for " : "Deploy watch: no regression after ")
                + r.change.service(),
            md.toString()));
  }

  private void postRegression(Running r, Scope s, Duration since) {
    String md =
        "**Regression "
            + Texts.duration(since)
            + " after the deploy of "
            + deploy(r)
            + "** on "
            + Texts.clean(s.signals.description())
            + ": "
            + String.join(", ", regression(s))
            + ".\n\n"
            + table(s)
            + "\nRoll back (runbook PostDeployRegression).";
    Optional<Notice.Button> button = Optional.empty();
    if (config.hasGroup()) {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("alertname", "PostDeployRegression");
      labels.put("service", r.change.service());
      labels.putAll(s.labels);
      Optional<ApprovalLink> link = links.linkFor(group(), labels);
      button = link.map(l -> new Notice.Button(l.label(), l.url()));
    }
    post(new Notice("Deploy watch: regression after " + r.change.service(), md, button, false));
  }

  private ChatGroup group() {
    return new ChatGroup(config.channel(), config.target());
  }

  private void post(Notice notice) {
    if (!config.hasGroup()) {
      return;
    }
    if (!poster.post(group(), notice)) {
      LOG.warn("deploy watch: could not post \"{}\" to {}", notice.title(), group());
    }
  }
}
