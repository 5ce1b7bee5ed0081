package io.marketplaceexporter.operations.drill;

import io.marketplaceexporter.config.DrillsConfig;
import io.marketplaceexporter.model.ShopKey;
import io.marketplaceexporter.operations.drill.DrillReport.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One drill while it runs: its stages as they are reached or missed. The drill's thread moves it
 * on; the relay's threads tell it of deliveries; the API reads its report. All under its lock.
 */
final class DrillRun {
  static final String PLAYED = "played";
  static final String FIRING = "firing";
  static final String DELIVERED = "delivered";
  static final String RUNBOOK = "runbook";

  private final String id;
  private final DrillIncident incident;
  private final String alert;
  private final DrillsConfig config;
  private final Instant start;
  private final DrillIncident.DrillTarget target;
  private final Stage[] stages = new Stage[4];
  private Instant firingAt;
  private Instant deliveredAt;
  private String runbookUrl;
  private String lastError = "";

  DrillRun(String id, DrillIncident incident, String alert, DrillsConfig config, Instant start) {
    this.id = id;
    this.incident = incident;
    this.alert = alert;
    this.config = config;
    this.start = start;
    this.target =
        new DrillIncident.DrillTarget(config.marketplace(), config.site(), config.shop(), id);
    String[] names = {PLAYED, FIRING, DELIVERED, RUNBOOK};
    for (int i = 0; i < names.length; i++) {
      stages[i] = new Stage(names[i], Stage.PENDING, null, null, null);
    }
  }

  String id() {
    return id;
  }

  DrillIncident incident() {
    return incident;
  }

  String alert() {
    return alert;
  }

  Instant start() {
    return start;
  }

  DrillIncident.DrillTarget target() {
    return target;
  }

  ShopKey shopKey() {
    return new ShopKey(config.marketplace(), config.site(), config.shop());
  }

  synchronized void played(boolean accepted, String detail) {
    if (accepted) {
      stages[0] = ok(PLAYED, start, null);
    } else {
      stages[0] = new Stage(PLAYED, Stage.FAILED, null, null, detail);
      stages[1] = new Stage(FIRING, Stage.MISSED, null, null, "the fault was not played");
      stages[2] = new Stage(DELIVERED, Stage.MISSED, null, null, "the fault was not played");
    }
  }

  synchronized boolean firingPending() {
    return stages[1].status().equals(Stage.PENDING);
  }

  synchronized void firing(Instant at, String runbook) {
    firingAt = at;
    runbookUrl = runbook;
    stages[1] = ok(FIRING, at, null);
  }

  /** Not firing at {@code now}; the stage is missed once {@code drills.firing_deadline} passed. */
  synchronized void notFiringYet(Instant now, String error) {
    if (!error.isEmpty()) {
      lastError = error;
    }
    if (!now.isBefore(start.plus(config.firingDeadline()))) {
      String why =
          "not firing for "
              + config.marketplace()
              + "/"
              + config.shop()
              + " within "
              + seconds(config.firingDeadline())
              + " s";
      stages[1] =
          new Stage(
              FIRING, Stage.MISSED, null, null, lastError.isEmpty() ? why : why + "; " + lastError);
      stages[2] = new Stage(DELIVERED, Stage.MISSED, null, null, "the alert did not fire");
    }
  }

  /** Told by the relay: a robot got the alert's message at {@code at} (the first time counts). */
  synchronized void delivered(Instant at) {
    if (deliveredAt == null) {
      deliveredAt = at.isBefore(start) ? start : at;
    }
  }

  /**
   * Once the alert fired, the delivery stage is reached when the relay told of it, and missed once
   * {@code drills.delivery_deadline} passed after the firing was seen.
   */
  synchronized void checkDelivery(Instant now) {
    if (!stages[2].status().equals(Stage.PENDING) || firingAt == null) {
      return;
    }
    if (deliveredAt != null) {
      stages[2] = ok(DELIVERED, deliveredAt, null);
    } else if (!now.isBefore(firingAt.plus(config.deliveryDeadline()))) {
      stages[2] =
          new Stage(
              DELIVERED,
              Stage.MISSED,
              null,
              null,
              "no robot got the message within "
                  + seconds(config.deliveryDeadline())
                  + " s of the firing");
    }
  }

  /** Whether the firing and delivery stages are both decided. */
  synchronized boolean waitsDone() {
    return !stages[1].status().equals(Stage.PENDING) && !stages[2].status().equals(Stage.PENDING);
  }

  /** The runbook link seen on the firing alert: null when it did not fire, empty when none. */
  synchronized String runbookUrl() {
    return runbookUrl;
  }

  synchronized void runbook(RunbookProbe.Answer a, boolean asked) {
    String status = a.answered() ? Stage.OK : Stage.FAILED;
    String detail = a.error().isEmpty() ? (asked ? runbookUrl : null) : a.error();
    stages[3] = new Stage(RUNBOOK, status, null, a.status() == 0 ? null : a.status(), detail);
  }

  /** Every stage still pending fails with {@code why}. */
  synchronized void abort(String why) {
    for (int i = 0; i < stages.length; i++) {
      if (stages[i].status().equals(Stage.PENDING)) {
        stages[i] = new Stage(stages[i].name(), Stage.FAILED, null, null, why);
      }
    }
  }

  synchronized DrillReport report(Instant now) {
    return build(DrillReport.RUNNING, null, null);
  }

  synchronized DrillReport finish(Instant now) {
    abort("the drill ended before this stage");
    boolean passed = List.of(stages).stream().allMatch(Stage::ok);
    return build(DrillReport.FINISHED, passed ? DrillReport.PASSED : DrillReport.FAILED, now);
  }

  private DrillReport build(String state, String result, Instant finishedAt) {
    return new DrillReport(
        id,
        incident.id(),
        alert,
        config.marketplace(),
        config.shop(),
        state,
        result,
        start.toString(),
        finishedAt == null ? null : finishedAt.toString(),
        new ArrayList<>(List.of(stages)));
  }

  private Stage ok(String name, Instant at, Integer httpStatus) {
    return new Stage(name, Stage.OK, seconds(Duration.between(start, at)), httpStatus, null);
  }

  private static double seconds(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
