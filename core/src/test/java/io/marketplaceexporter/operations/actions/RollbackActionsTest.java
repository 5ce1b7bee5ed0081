package io.marketplaceexporter.operations.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.config.ActionsConfig;
import io.marketplaceexporter.config.ConfigLoader;
import io.marketplaceexporter.config.IngestConfig;
import io.marketplaceexporter.config.LimitsConfig;
import io.marketplaceexporter.config.PriceConfig;
import io.marketplaceexporter.ingest.IngestService;
import io.marketplaceexporter.operations.ApprovalLink;
import io.marketplaceexporter.operations.Notice;
import io.marketplaceexporter.operations.RollbackStarted;
import io.marketplaceexporter.state.MarketplaceState;
import io.marketplaceexporter.support.Approvals;
import io.marketplaceexporter.support.MetricsText;
import io.marketplaceexporter.support.TestClock;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules behind an approval link, without HTTP: signatures, expiry, single use (across a
 * restart), foreign links, the start-up checks against the web configuration's users, and the
 * guardrails (cooldown; automatic runs at most once per incident, never by default).
 */
class RollbackActionsTest {
  static final Set<String> USERS = Set.of("alice", "bob");

  @StartStop final MockWebServer ci = new MockWebServer();
  @TempDir Path storage;

  final TestClock clock = TestClock.at("2026-11-24T08:00:00Z");
  final OkHttpClient http = new OkHttpClient();
  final List<Notice> notices = new CopyOnWriteArrayList<>();
  final List<RollbackStarted> started = new CopyOnWriteArrayList<>();
  final List<RollbackActions> created = new ArrayList<>();
  PrometheusRegistry registry;
  MarketplaceState state;

  @AfterEach
  void close() {
    created.forEach(RollbackActions::close);
  }

  ActionsConfig config(String extra) {
    return Approvals.config(extra).actions();
  }

  RollbackActions create(ActionsConfig config) {
    return create(config, USERS, env());
  }

  Map<String, String> env() {
    return Approvals.env(ci.url("/job/rollback").toString());
  }

  /** A fresh instance on the same storage: what a restart sees. */
  RollbackActions create(ActionsConfig config, Set<String> users, Map<String, String> env) {
    registry = new PrometheusRegistry();
    state = new MarketplaceState(LimitsConfig.defaults(), PriceConfig.defaults(), clock);
    RollbackActions a =
        new RollbackActions(
            config,
            users,
            env,
            storage,
            clock,
            registry,
            http,
            new IngestService(state, IngestConfig.defaults()),
            (group, notice) -> notices.add(notice),
            started::add);
    created.add(a);
    return a;
  }

  static String token(ApprovalLink link) {
    String path = link.url().getRawPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  String link(RollbackActions a) {
    return token(a.linkFor(Approvals.GROUP, Approvals.ALERT).orElseThrow());
  }

  Refusal.Reason refusal(RollbackActions a, String token) {
    RollbackActions.Inspection i = a.inspect(token);
    assertThat(i).isInstanceOf(RollbackActions.Refused.class);
    return ((RollbackActions.Refused) i).refusal().reason();
  }

  double metric(String name, String... labels) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return new MetricsText(out.toString(StandardCharsets.UTF_8)).value(name, labels);
  }

  void ok() {
    ci.enqueue(new MockResponse.Builder().code(200).build());
  }

  @Nested
  class Links {
    @Test
    void aLinkIsUnderTheExternalUrlAndNamesTheAction() {
      ApprovalLink l = create(config("")).linkFor(Approvals.GROUP, Approvals.ALERT).orElseThrow();
      assertThat(l.action()).isEqualTo("restore-price-file");
      assertThat(l.label()).isEqualTo("Approve rollback: restore-price-file");
      assertThat(l.url().toString()).startsWith("https://exporter.example.com/actions/approve/");
    }

    @Test
    void noLinkForAnAlertNoActionServes() {
      RollbackActions a = create(config(""));
      Map<String, String> other = new HashMap<>(Approvals.ALERT);
      other.put("marketplace", "shopee");
      assertThat(a.linkFor(Approvals.GROUP, other)).isEmpty();
      other.put("alertname", "SyncLagHigh");
      assertThat(a.linkFor(Approvals.GROUP, other)).isEmpty();
    }

    @Test
    void eachLinkIsDifferent() {
      RollbackActions a = create(config(""));
      assertThat(link(a)).isNotEqualTo(link(a));
    }
  }

  @Nested
  class Tokens {
    @Test
    void aTamperedPayloadIsForged() {
      RollbackActions a = create(config(""));
      String t = link(a);
      String payload =
          new String(
              Base64.getUrlDecoder().decode(t.substring(0, t.indexOf('.'))),
              StandardCharsets.UTF_8);
      String changed =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(payload.replace("amazon", "shopee").getBytes(StandardCharsets.UTF_8));

      assertThat(refusal(a, changed + t.substring(t.indexOf('.'))))
          .isEqualTo(Refusal.Reason.FORGED);
    }

    @Test
    void aLinkSignedWithAnotherKeyIsForged() {
      RollbackActions ours = create(config("  signing_key: ours-0123456789\n"));
      RollbackActions theirs = create(config("  signing_key: theirs-0123456789\n"));
      assertThat(refusal(ours, link(theirs))).isEqualTo(Refusal.Reason.FORGED);
      assertThat(refusal(ours, "")).isEqualTo(Refusal.Reason.FORGED);
      assertThat(refusal(ours, "a.b.c")).isEqualTo(Refusal.Reason.FORGED);
    }

    @Test
    void aLinkExpiresAfterLinkTtl() {
      RollbackActions a = create(config(""));
      String t = link(a);
      clock.advance(Duration.ofMinutes(29));
      assertThat(a.inspect(t)).isInstanceOf(RollbackActions.Pending.class);
      clock.advance(Duration.ofMinutes(1));
      assertThat(refusal(a, t)).isEqualTo(Refusal.Reason.EXPIRED);
    }

    @Test
    void aUsedLinkStaysUsedAcrossARestartAndNamesWhoUsedIt() throws Exception {
      ok();
      RollbackActions before = create(config(""));
      String t = link(before);
      assertThat(before.approve(t, "alice").succeeded()).isTrue();
      before.close();

      RollbackActions after = create(config(""));
      RollbackActions.Approval again = after.approve(t, "alice");

      assertThat(again.refused().orElseThrow().reason()).isEqualTo(Refusal.Reason.USED);
      assertThat(again.detail()).contains("2026-11-24T08:00:00Z", "alice");
      assertThat(ci.getRequestCount()).isEqualTo(1);
    }

    @Test
    void theGeneratedKeyIsKeptOwnerOnlySoLinksSurviveARestart() throws Exception {
      String t = link(create(config("")));

      assertThat(create(config("")).inspect(t)).isInstanceOf(RollbackActions.Pending.class);
      assertThat(Files.getPosixFilePermissions(storage.resolve(RollbackActions.KEY_FILE)))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aLinkOfAnActionNoLongerConfiguredIsForeign() {
      String t = link(create(config("  signing_key: shared-0123456789\n")));
      ActionsConfig renamed =
          config("  signing_key: shared-0123456789\n").rollbacks().stream()
              .findFirst()
              .map(
                  r ->
                      new ActionsConfig(
                          "https://exporter.example.com",
                          Duration.ofMinutes(30),
                          "shared-0123456789",
                          List.of(
                              new io.marketplaceexporter.config.RollbackActionConfig(
                                  "pause-sync",
                                  r.service(),
                                  r.alerts(),
                                  r.match(),
                                  r.approvers(),
                                  r.request(),
                                  r.cooldown(),
                                  r.automatic()))))
              .orElseThrow();

      assertThat(refusal(create(renamed), t)).isEqualTo(Refusal.Reason.FOREIGN);
    }
  }

  @Nested
  class StartUp {
    @Test
    void anApproverWhoIsNotAWebUserFails() {
      assertThatThrownBy(() -> create(config(""), Set.of("bob"), env()))
          .hasMessage(
              "actions.rollbacks[0].approvers[0]: \"alice\" is not a user of the web"
                  + " configuration's basic_auth_users");
    }

    @Test
    void withoutLinksAndWithoutWebUsersTheApproversAreNotChecked() {
      ActionsConfig noLinks =
          new ActionsConfig("", Duration.ofHours(1), null, config("").rollbacks());
      assertThat(create(noLinks, Set.of(), env()).linkFor(Approvals.GROUP, Approvals.ALERT))
          .isEmpty();
    }

    @Test
    void actionsWithAnExternalUrlButNoWebUsersFail() {
      assertThatThrownBy(() -> create(config(""), Set.of(), env()))
          .hasMessageStartingWith("actions.external_url: approvers sign in as users");
    }

    @Test
    void aMissingSecretNamesItsKeyNotAValue() {
      Map<String, String> env = new HashMap<>(env());
      env.remove("CI_TOKEN");
      assertThatThrownBy(() -> create(config(""), USERS, env))
          .hasMessage(
              "actions.rollbacks[0].request.secrets.token: environment variable CI_TOKEN is not"
                  + " set")
          .hasMessageNotContaining(Approvals.CI_AUTH);
    }

    @Test
    void aJsonPlaceholderOutsideAStringFails() {
      ActionsConfig c =
          ConfigLoader.parse(
                  """
                  actions:
                    rollbacks:
                      - name: a
                        alerts: [X]
                        approvers: [alice]
                        request:
                          url: http://127.0.0.1:1/
                          body: '{"n": {{labels.n}}}'
                  """)
              .actions();
      assertThatThrownBy(() -> create(c))
          .hasMessageStartingWith(
              "actions.rollbacks[0].request.body: every placeholder must stand inside a JSON"
                  + " string");
    }
  }

  @Nested
  class Runs {
    @Test
    void aFailedRequestIsCountedPostedAndRecordsNoChange() throws Exception {
      ci.enqueue(new MockResponse.Builder().code(500).build());
      RollbackActions a = create(config(""));

      RollbackActions.Approval r = a.approve(link(a), "alice");

      assertThat(r.succeeded()).isFalse();
      assertThat(r.detail()).contains("answered HTTP 500").doesNotContain("sekrit");
      assertThat(notices).extracting(Notice::title).contains("Rollback FAILED");
      assertThat(state.recentChanges(10)).isEmpty();
      assertThat(started).isEmpty();
      assertThat(
              metric(
                  "marketplace_exporter_rollback_actions_total",
                  "action",
                  "restore-price-file",
                  "result",
                  "failed"))
          .isEqualTo(1.0);
    }

    @Test
    void aRedirectIsNotFollowed() {
      ci.enqueue(
          new MockResponse.Builder()
              .code(302)
              .addHeader("Location", "http://example.com/")
              .build());
      RollbackActions a = create(config(""));

      assertThat(a.approve(link(a), "alice").detail()).contains("answered HTTP 302");
      assertThat(ci.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aSucceededRunTellsTheRollbackListener() {
      ok();
      RollbackActions a = create(config(""));
      a.approve(link(a), "alice");

      assertThat(started)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.action()).isEqualTo("restore-price-file");
                assertThat(s.approver()).isEqualTo("alice");
                assertThat(s.group()).isEqualTo(Approvals.GROUP);
                assertThat(s.labels()).isEqualTo(Approvals.ALERT);
              });
    }
  }

  @Nested
  class Guardrails {
    @Test
    void aSecondRunWithinTheCooldownIsRefusedEvenAfterARestart() throws Exception {
      ok();
      ok();
      RollbackActions a = create(config("      cooldown: 10m\n"));
      String second = link(a);
      assertThat(a.approve(link(a), "alice").succeeded()).isTrue();

      RollbackActions restarted = create(config("      cooldown: 10m\n"));
      clock.advance(Duration.ofMinutes(9));
      RollbackActions.Approval refused = restarted.approve(second, "alice");
      assertThat(refused.refused().orElseThrow().reason()).isEqualTo(Refusal.Reason.COOLDOWN);
      assertThat(refused.detail()).contains("next run at 2026-11-24T08:10:00Z");
      assertThat(ci.getRequestCount()).isEqualTo(1);

      clock.advance(Duration.ofMinutes(1));
      assertThat(restarted.approve(second, "alice").succeeded()).isTrue();
      assertThat(ci.getRequestCount()).isEqualTo(2);
    }

    @Test
    void neverAutomaticByDefault() {
      RollbackActions a = create(config(""));
      assertThat(a.linkFor(Approvals.GROUP, Approvals.ALERT)).isPresent();
      assertThat(ci.getRequestCount()).isZero();
    }

    @Test
    void anAutomaticActionRunsOncePerIncident() throws Exception {
      ok();
      ok();
      String auto = "      cooldown: 0s\n      automatic: [PriceZeroOrNegative]\n";
      RollbackActions a = create(config(auto));
      Map<String, String> otherShop = new HashMap<>(Approvals.ALERT);
      otherShop.put("shop", "B2");

      assertThat(a.linkFor(Approvals.GROUP, Approvals.ALERT)).isEmpty();
      assertThat(a.linkFor(Approvals.GROUP, Approvals.ALERT)).isEmpty();
      // After a restart the incident is still remembered (audit log).
      RecordedRequest first = ci.takeRequest(30, TimeUnit.SECONDS);
      assertThat(first.getBody().utf8()).contains("\"by\": \"automatic\"");
      waitForAuditLines(1);
      RollbackActions restarted = create(config(auto));
      assertThat(restarted.linkFor(Approvals.GROUP, Approvals.ALERT)).isEmpty();
      assertThat(restarted.linkFor(Approvals.GROUP, otherShop)).isEmpty();

      RecordedRequest second = ci.takeRequest(30, TimeUnit.SECONDS);
      assertThat(second.getBody().utf8()).contains("\"shop\": \"B2\"");
      assertThat(ci.getRequestCount()).isEqualTo(2);
    }

    /** The audit log is written last in a run: a restart after it sees the whole run. */
    void waitForAuditLines(int n) throws Exception {
      Path audit = storage.resolve(ActionRunner.AUDIT_FILE);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline
          && (!Files.exists(audit) || Files.readAllLines(audit).size() < n)) {
        java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
      }
      assertThat(Files.readAllLines(audit)).hasSizeGreaterThanOrEqualTo(n);
    }
  }
}
