package io.marketplaceexporter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.marketplaceexporter.demo.DemoIncidents.ActiveIncident;
import io.marketplaceexporter.support.ProjectFiles;
import io.marketplaceexporter.support.TestClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DemoIncidentsTest {
  private final TestClock clock = TestClock.at("2026-11-24T08:00:00Z");

  /** The demo's rollback action serves these names: each must be an alert of the pack. */
  @Test
  void everyIncidentLeadsToAnAlertOfThePacksRules() throws IOException {
    StringBuilder rules = new StringBuilder();
    try (Stream<Path> files = Files.list(ProjectFiles.root().resolve("rules"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
        rules.append(Files.readString(f));
      }
    }
    for (Incident i : Incident.values()) {
      assertThat(rules).as("the alert of %s", i).contains("alert: \"" + i.alert() + "\"");
    }
  }

  @Nested
  class Triggered {
    private final DemoIncidents d = new DemoIncidents(clock, DemoScenario.quiet());

    @Test
    void quietScenarioPlaysNothing() {
      clock.advance(Duration.ofMinutes(10));

      assertThat(d.active()).isEmpty();
    }

    @Test
    void triggeredIncidentPlaysAgainstItsShopUntilItsTime() {
      d.trigger(Incident.ZERO_PRICE, "acme-outlet", Duration.ofMinutes(2));

      assertThat(d.active())
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.incident()).isEqualTo(Incident.ZERO_PRICE);
                assertThat(a.shop()).isEqualTo("acme-outlet");
                assertThat(a.untilMillis() - a.sinceMillis()).isEqualTo(120_000);
              });
      clock.advance(Duration.ofMinutes(2));
      assertThat(d.active()).isEmpty();
    }

    @Test
    void clearEndsATriggeredIncidentOnce() {
      d.trigger(Incident.THROTTLING, "shop_220041", Duration.ofMinutes(5));

      assertThat(d.clear(Incident.THROTTLING)).isTrue();
      assertThat(d.clear(Incident.THROTTLING)).isFalse();
      assertThat(d.active()).isEmpty();
    }

    @Test
    void unknownShopIsRefused() {
      assertThatThrownBy(() -> d.trigger(Incident.ZERO_PRICE, "nope", Duration.ofMinutes(1)))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void builtInScenarioStartsIncidentsOnScheduleAndRepeats() {
    DemoIncidents d = new DemoIncidents(clock, DemoScenario.builtIn());
    assertThat(d.active())
        .extracting(ActiveIncident::incident)
        .contains(Incident.ZERO_PRICE, Incident.STALLED_SYNC)
        .doesNotContain(Incident.DEPLOY_REGRESSION);

    clock.advance(Duration.ofMinutes(3));
    assertThat(d.active())
        .extracting(ActiveIncident::incident)
        .contains(Incident.DEPLOY_REGRESSION);

    clock.advance(Duration.ofMinutes(27));
    assertThat(d.active())
        .extracting(ActiveIncident::incident)
        .contains(Incident.ZERO_PRICE)
        .doesNotContain(Incident.DEPLOY_REGRESSION);
  }

  @Test
  void triggeredIncidentReplacesTheScenarioOfTheSameKind() {
    DemoIncidents d = new DemoIncidents(clock, DemoScenario.builtIn());
    d.trigger(Incident.ZERO_PRICE, "acme-outlet", Duration.ofMinutes(1));

    assertThat(d.active())
        .filteredOn(a -> a.incident() == Incident.ZERO_PRICE)
        .singleElement()
        .extracting(ActiveIncident::shop)
        .isEqualTo("acme-outlet");
  }

  @Test
  void builtInScenarioSwitchesAPaymentGatewayLongEnoughForPaymentsUnmatchedToFire() {
    DemoIncidents d = new DemoIncidents(clock, DemoScenario.builtIn());
    clock.advance(Duration.ofMinutes(4));

    assertThat(d.active())
        .filteredOn(a -> a.incident() == Incident.PAYMENT_GATEWAY_SWITCH)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.shop()).isEqualTo("A1PA6795UKMFR9");
              // The rule pack's default: 15m unmatched, for 5m.
              assertThat(a.untilMillis() - a.sinceMillis())
                  .isGreaterThan(Duration.ofMinutes(20).toMillis());
            });
  }

  @Nested
  class RollBack {
    @Test
    void endsTheTriggeredIncidentsOfTheShopAndLeavesOtherShopsPlaying() {
      DemoIncidents d = new DemoIncidents(clock, DemoScenario.quiet());
      d.trigger(Incident.ZERO_PRICE, "acme-outlet", Duration.ofMinutes(10));
      d.trigger(Incident.THROTTLING, "shop_220041", Duration.ofMinutes(10));

      assertThat(d.rollBack("acme-outlet")).containsExactly(Incident.ZERO_PRICE);

      assertThat(d.active()).extracting(ActiveIncident::shop).containsExactly("shop_220041");
    }

    @Test
    void endsTheScenariosIncidentUntilTheScenarioPlaysItAgainNextCycle() {
      DemoScenario s =
          new DemoScenario(
              Duration.ofMinutes(30),
              java.util.List.of(
                  new DemoScenario.Step(
                      Incident.ZERO_PRICE, 7, Duration.ZERO, Duration.ofMinutes(10))));
      DemoIncidents d = new DemoIncidents(clock, s);
      clock.advance(Duration.ofMinutes(1));
      assertThat(d.active()).extracting(ActiveIncident::shop).containsExactly("acme-outlet");

      assertThat(d.rollBack("acme-outlet")).containsExactly(Incident.ZERO_PRICE);
      assertThat(d.active()).isEmpty();

      clock.advance(Duration.ofMinutes(30));
      assertThat(d.active()).extracting(ActiveIncident::shop).containsExactly("acme-outlet");
    }

    @Test
    void anUnknownShopIsRefused() {
      DemoIncidents d = new DemoIncidents(clock, DemoScenario.quiet());

      assertThatThrownBy(() -> d.rollBack("nope")).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
