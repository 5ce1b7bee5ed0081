package io.marketplaceexporter.plugin.demo;

import io.marketplaceexporter.config.Durations;
import io.marketplaceexporter.config.SourceConfig;
import io.marketplaceexporter.demo.DemoIncidents;
import io.marketplaceexporter.demo.DemoScenario;
import io.marketplaceexporter.http.BearerAuth;
import io.marketplaceexporter.http.ExtraRoutes;
import io.marketplaceexporter.operations.ApprovalLinks;
import io.marketplaceexporter.operations.ChatPoster;
import io.marketplaceexporter.plugin.Plugin;
import io.marketplaceexporter.sandbox.DemoFaults;
import io.marketplaceexporter.sandbox.Sandbox;
import io.marketplaceexporter.sandbox.SandboxConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo mode plugged into the exporter. The demo runs the production code path: real connectors poll
 * an in-process sandbox marketplace (every two ticks, at least every second), whose faults play the
 * incidents of a {@link DemoScenario}, synced every tick; {@code /api/v1/demo/incidents} starts and
 * ends incidents by hand and, without a bearer token, answers anyone (it changes only the sandbox).
 */
public final class DemoPlugin implements Plugin {
  private static final Logger LOG = LoggerFactory.getLogger(DemoPlugin.class);

  /** The demo's controls, open without tokens. */
  public static final BearerAuth.OpenControls CONTROLS =
      new BearerAuth.OpenControls(
          "/api/v1/demo/",
          "the demo's controls",
          "demo mode: POST/DELETE /api/v1/demo/incidents answer anyone");

  private final Duration tick;
  private final DemoIncidents incidents;
  private final Sandbox sandbox;
  private final List<SourceConfig> sources;
  private final DemoFaults faults;
  private final DemoNotices notices;
  private final ApprovalLinks links;
  private final Optional<DemoApprover> approver;

  private DemoPlugin(
      Plugin.Context c, Duration tick, DemoScenario scenario, Optional<DemoApprover> approver) {
    this.tick = tick;
    this.incidents = new DemoIncidents(c.clock(), scenario);
    this.sandbox = new Sandbox(c.clock(), Duration.ofMinutes(5)).start("127.0.0.1", 0);
    Duration interval = tick.multipliedBy(2);
    this.sources =
        SandboxConfig.sources(
            sandbox.url(),
            Durations.format(
                interval.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : interval),
            c.clock().instant());
    this.faults = new DemoFaults(incidents, sandbox);
    this.notices = new DemoNotices(c.clock());
    this.links = c.approvalLinks();
    this.approver = approver;
  }

  /** Demo mode syncing the incidents of {@code scenario} to the sandbox every {@code tick}. */
  public static Plugin.Factory factory(Duration tick, DemoScenario scenario) {
    return c -> new DemoPlugin(c, tick, scenario, Optional.empty());
  }

  /**
   * As {@link #factory(Duration, DemoScenario)}, with the demo's rollback action approved by {@code
   * approver}, whose credentials the demo page shows.
   */
  public static Plugin.Factory factory(
      Duration tick, DemoScenario scenario, DemoApprover approver) {
    return c -> new DemoPlugin(c, tick, scenario, Optional.of(approver));
  }

  /** The demo's incident script. */
  public DemoIncidents incidents() {
    return incidents;
  }

  @Override
  public List<SourceConfig> sources() {
    return sources;
  }

  @Override
  public List<BearerAuth.OpenControls> openControls() {
    return List.of(CONTROLS);
  }

  @Override
  public boolean demo() {
    return true;
  }

  /** The group {@code demo/chat}: the notices the demo page shows. */
  @Override
  public ChatPoster chatPoster() {
    return notices;
  }

  @Override
  public void routes(ExtraRoutes routes) {
    new DemoHandlers(incidents).register(routes);
    new DemoRollbackPage(incidents, links, notices, approver).register(routes);
  }

  @Override
  public void start(ScheduledExecutorService background) {
    faults.tick();
    long millis = tick.toMillis();
    background.scheduleAtFixedRate(faults::tick, millis, millis, TimeUnit.MILLISECONDS);
    LOG.info(
        "demo mode: connectors polling the sandbox marketplace at {} for {} shops",
        sandbox.url(),
        incidents.shopIds().size());
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
