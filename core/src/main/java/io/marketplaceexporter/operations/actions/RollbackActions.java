package io.marketplaceexporter.operations.actions;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketplaceexporter.config.ActionsConfig;
import io.marketplaceexporter.config.ConfigException;
import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.model.MetricNames;
import io.marketplaceexporter.operations.ApprovalLink;
import io.marketplaceexporter.operations.ApprovalLinks;
import io.marketplaceexporter.operations.ChatGroup;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.operations.RollbackListener;
import io.marketplaceexporter.storage.AtomicFiles;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The configured rollback actions, resolved and checked at start-up, and everything that decides
 * whether one runs. As {@link ApprovalLinks} it answers the relay with a signed, single-use,
 * expiring link to {@code <external_url>/actions/approve/<token>} for a firing alert an action
 * serves, or, for an alert the action is {@code automatic} for, runs it (at most once per incident
 * and never within its cooldown). {@link #inspect} and {@link #approve} are what the approval page
 * asks.
 */
public final class RollbackActions implements ApprovalLinks, AutoCloseable {
  /** The path of the approval page under the external URL; the token follows. */
  public static final String APPROVE_PATH = "/actions/approve/";

  /** The file of the generated signing key, when {@code actions.signing_key} is not set. */
  static final String KEY_FILE = "approval-signing-key";

  /** How long an automatic run is remembered for its incident (the alert's labels). */
  static final Duration INCIDENT_MEMORY = Duration.ofHours(24);

  /** What {@link #inspect} found: a refusal, or a link that may be approved. */
  public sealed interface Inspection permits Pending, Refused {}

  /** A valid, unused, unexpired link of a configured action. */
  public record Pending(ApprovalToken token, ResolvedAction action) implements Inspection {}

  /** A link that runs nothing, and why. */
  public record Refused(Refusal refusal) implements Inspection {}

  /** What an approval did: ran (with the result) or refused. */
  public record Approval(Optional<ActionRunner.Result> ran, Optional<Refusal> refused) {
    public boolean succeeded() {
      return ran.isPresent() && ran.get().succeeded();
    }

    public String detail() {
      return ran.map(ActionRunner.Result::detail).orElseGet(() -> refused.get().detail());
    }
  }

  private final ActionsConfig config;
  private final Map<String, ResolvedAction> actions = new LinkedHashMap<>();
  private final ApprovalTokens tokens;
  private final UsedNonces nonces;
  private final ActionRunner runner;
  private final Clock clock;
  private final Counter refusals;
  private final Map<String, Instant> lastRun = new HashMap<>();
  private final Map<String, Instant> incidents = new HashMap<>();
  private final ExecutorService automatic;

  /**
   * Resolves and checks {@code config} against the web configuration's {@code webUsers}; errors are
   * {@link ConfigException}s naming the key ({@code actions.rollbacks[0].approvers[1]: ...}).
   */
  public RollbackActions(
      ActionsConfig config,
      Set<String> webUsers,
      Map<String, String> env,
      Path storagePath,
      Clock clock,
      PrometheusRegistry registry,
      okhttp3.OkHttpClient http,
      IngestService ingest,
      ChatPoster poster,
      RollbackListener listener) {
    this.config = config;
    this.clock = clock;
    if (!config.externalUrl().isEmpty() && !config.rollbacks().isEmpty() && webUsers.isEmpty()) {
      throw new ConfigException(
          "actions.external_url: approvers sign in as users of the web configuration, but"
              + " --web.config.file sets no basic_auth_users");
    }
    for (int i = 0; i < config.rollbacks().size(); i++) {
      List<String> approvers = config.rollbacks().get(i).approvers();
      for (int j = 0; j < approvers.size(); j++) {
        // Without users and without links nobody signs in (automatic runs only): nothing to check.
        if (!webUsers.isEmpty() && !webUsers.contains(approvers.get(j))) {
          throw new ConfigException(
              "actions.rollbacks["
                  + i
                  + "].approvers["
                  + j
                  + "]: \""
                  + approvers.get(j)
                  + "\" is not a user of the web configuration's basic_auth_users");
        }
      }
      actions.put(
          config.rollbacks().get(i).name(),
          new ResolvedAction(config.rollbacks().get(i), "actions.rollbacks[" + i + "]", env));
    }
    this.refusals =
        Counter.builder()
            .name(MetricNames.APPROVAL_REFUSALS)
            .help(
                "Approval links that ran nothing, by reason (forged, expired, used, foreign,"
                    + " not_approver, cooldown, unavailable).")
            .labelNames("reason")
            .register(registry);
    for (Refusal.Reason r : Refusal.Reason.values()) {
      refusals.labelValues(r.label());
    }
    if (actions.isEmpty()) {
      this.tokens = new ApprovalTokens(Secret.of(randomKey()));
      this.nonces = null;
    } else {
      this.tokens = new ApprovalTokens(signingKey(config, env, storagePath));
      this.nonces = new UsedNonces(storagePath, clock.instant());
    }
    this.runner =
        new ActionRunner(
            http,
            ingest,
            poster,
            listener,
            storagePath,
            clock,
            registry,
            List.copyOf(actions.keySet()));
    rememberRuns(storagePath);
    this.automatic =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "rollback-automatic");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public Optional<ApprovalLink> linkFor(ChatGroup group, Map<String, String> labels) {
    if (actions.isEmpty()) {
      return Optional.empty();
    }
    for (ResolvedAction a : actions.values()) {
      if (!a.config().serves(labels)) {
        continue;
      }
      if (a.config().automaticFor(labels)) {
        runAutomatically(a, labels, group);
        return Optional.empty();
      }
      if (config.externalUrl().isEmpty()) {
        return Optional.empty();
      }
      String token = tokens.issue(a.name(), labels, group, clock.instant().plus(config.linkTtl()));
      return Optional.of(
          new ApprovalLink(
              a.name(),
              "Approve rollback: " + a.name(),
              URI.create(config.externalUrl() + APPROVE_PATH + token)));
    }
    return Optional.empty();
  }

  /** Whether {@code token} is a link that may be approved now, and if not, why. */
  public Inspection inspect(String token) {
    Optional<ApprovalToken> t = tokens.verify(token);
    if (t.isEmpty()) {
      return refused(Refusal.Reason.FORGED, "this link was not signed by this exporter");
    }
    ApprovalToken at = t.get();
    Optional<UsedNonces.Use> use = nonces == null ? Optional.empty() : nonces.use(at.nonce());
    if (use.isPresent()) {
      return refused(
          Refusal.Reason.USED,
          "this link was already used at " + use.get().at() + " by " + use.get().by());
    }
    if (!clock.instant().isBefore(at.expires())) {
      return refused(Refusal.Reason.EXPIRED, "this link expired at " + at.expires());
    }
    ResolvedAction a = actions.get(at.action());
    if (a == null || !a.config().serves(at.labels())) {
      return refused(
          Refusal.Reason.FOREIGN,
          "the action \"" + at.action() + "\" is not configured for this alert on this exporter");
    }
    return new Pending(at, a);
  }

  /** Runs the link's action once if {@code user} may approve it; otherwise says why not. */
  public Approval approve(String token, String user) {
    Inspection i = inspect(token);
    if (i instanceof Refused r) {
      audit(null, user, r.refusal());
      return new Approval(Optional.empty(), Optional.of(r.refusal()));
    }
    Pending p = (Pending) i;
    if (!p.action().config().approvers().contains(user)) {
      Refusal r =
          count(
              new Refusal(
                  Refusal.Reason.NOT_APPROVER,
                  user + " is not an approver of " + p.action().name()));
      audit(p.token(), user, r);
      return new Approval(Optional.empty(), Optional.of(r));
    }
    Optional<Refusal> claimed = claim(p, user);
    if (claimed.isPresent()) {
      audit(p.token(), user, claimed.get());
      return new Approval(Optional.empty(), claimed);
    }
    return new Approval(
        Optional.of(runner.run(p.action(), p.token().labels(), p.token().group(), user)),
        Optional.empty());
  }

  /** The cooldown, then the nonce: one caller wins, on disk before the request is sent. */
  private synchronized Optional<Refusal> claim(Pending p, String user) {
    Instant now = clock.instant();
    Optional<Refusal> cooling = cooldown(p.action(), now);
    if (cooling.isPresent()) {
      return cooling;
    }
    try {
      Optional<UsedNonces.Use> before =
          nonces.markUsed(p.token().nonce(), user, now, p.token().expires());
      if (before.isPresent()) {
        return Optional.of(
            count(
                new Refusal(
                    Refusal.Reason.USED,
                    "this link was already used at "
                        + before.get().at()
                        + " by "
                        + before.get().by())));
      }
    } catch (IOException e) {
      return Optional.of(
          count(
              new Refusal(
                  Refusal.Reason.UNAVAILABLE,
                  "the use of this link could not be recorded; nothing was run")));
    }
    lastRun.put(p.action().name(), now);
    return Optional.empty();
  }

  private Optional<Refusal> cooldown(ResolvedAction a, Instant now) {
    Instant last = lastRun.get(a.name());
    Duration cooldown = a.config().cooldown();
    if (last != null && now.isBefore(last.plus(cooldown))) {
      return Optional.of(
          count(
              new Refusal(
                  Refusal.Reason.COOLDOWN,
                  a.name()
                      + " last ran at "
                      + last
                      + "; its cooldown of "
                      + cooldown
                      + " allows the next run at "
                      + last.plus(cooldown))));
    }
    return Optional.empty();
  }

  private void runAutomatically(ResolvedAction a, Map<String, String> labels, ChatGroup group) {
    String incident = a.name() + "|" + new TreeMap<>(labels);
    synchronized (this) {
      Instant now = clock.instant();
      Instant seen = incidents.get(incident);
      if (seen != null && now.isBefore(seen.plus(INCIDENT_MEMORY))) {
        return;
      }
      if (cooldown(a, now).isPresent()) {
        return;
      }
      incidents.put(incident, now);
      lastRun.put(a.name(), now);
    }
    try {
      automatic.execute(() -> runner.run(a, labels, group, "automatic"));
    } catch (RejectedExecutionException e) {
      // closing: nothing runs any more
    }
  }

  private Refused refused(Refusal.Reason reason, String detail) {
    return new Refused(count(new Refusal(reason, detail)));
  }

  private Refusal count(Refusal r) {
    refusals.labelValues(r.reason().label()).inc();
    return r;
  }

  private void audit(ApprovalToken t, String user, Refusal r) {
    runner.audit(
        "refused",
        t == null ? "" : t.action(),
        user,
        t == null ? Map.of() : t.labels(),
        t == null ? new ChatGroup("", "") : t.group(),
        r.reason().label(),
        0,
        r.detail());
  }

  /** The last runs and automatic incidents of the audit log, so a restart keeps the guardrails. */
  private void rememberRuns(Path storagePath) {
    try {
      Instant horizon = clock.instant().minus(INCIDENT_MEMORY);
      for (JsonNode n : JsonLines.read(storagePath.resolve(ActionRunner.AUDIT_FILE))) {
        if (!"run".equals(n.path("event").asText())) {
          continue;
        }
        Instant at = Instant.parse(n.path("at").asText());
        String action = n.path("action").asText();
        lastRun.merge(action, at, (x, y) -> x.isAfter(y) ? x : y);
        if ("automatic".equals(n.path("user").asText()) && at.isAfter(horizon)) {
          Map<String, String> labels = new TreeMap<>();
          for (Map.Entry<String, JsonNode> e : n.path("alert").properties()) {
            labels.put(e.getKey(), e.getValue().asText());
          }
          incidents.put(action + "|" + labels, at);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(
          "--storage.path: cannot read " + ActionRunner.AUDIT_FILE + ": " + e.getClass().getName());
    }
  }

  private static Secret signingKey(ActionsConfig config, Map<String, String> env, Path storage) {
    if (config.signingKey() != null) {
      return Secret.resolve(config.signingKey(), "actions.signing_key", env);
    }
    Path file = storage.resolve(KEY_FILE);
    try {
      if (Files.exists(file)) {
        String key = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (!key.isEmpty()) {
          return Secret.of(key);
        }
      }
      String key = randomKey();
      AtomicFiles.replace(file, key.getBytes(StandardCharsets.UTF_8), true);
      return Secret.of(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the signing key " + file, e);
    }
  }

  private static String randomKey() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** The action named {@code name}, if configured. */
  public Optional<ResolvedAction> action(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  /**
   * Stops taking automatic runs; one already running finishes its request and writes its audit line
   * (its request is bounded by the action's timeout), waited for up to {@link #CLOSE_WAIT}, then
   * interrupted.
   */
  @Override
  public void close() {
    automatic.shutdown();
    try {
      if (!automatic.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        automatic.shutdownNow();
      }
    } catch (InterruptedException e) {
      automatic.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** How long {@link #close} waits for an automatic run in progress. */
  static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
}
