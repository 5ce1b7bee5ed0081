package io.marketplaceexporter.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.marketplaceexporter.alerting.ForbiddenHttpInTheRelay;
import io.marketplaceexporter.ingest.ForbiddenDemoInTheCore;
import io.marketplaceexporter.logging.ForbiddenCycleB;
import io.marketplaceexporter.plugin.demo.ForbiddenHandlerInAPlugin;
import io.marketplaceexporter.retry.ForbiddenCycleA;
import io.marketplaceexporter.sandbox.ForbiddenSourcesInTheSandbox;
import io.marketplaceexporter.state.ForbiddenArrowUp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md hold for the application's classes, and each rule
 * fails on a test-only class that breaks it (the {@code Forbidden*} classes), so that no rule holds
 * by matching nothing.
 */
class ArchitectureTest {
  private static JavaClasses application;

  @BeforeAll
  static void importTheApplication() {
    application = ArchitectureRules.application();
  }

  /** {@code rule}, on the application's classes and {@code offender}, reports the offender. */
  private static void assertCatches(ArchRule rule, Class<?> offender, String target) {
    EvaluationResult result = rule.evaluate(ArchitectureRules.applicationAnd(offender));
    assertThat(result.hasViolation()).as("%s reports %s", rule, offender).isTrue();
    assertThat(String.join("\n", result.getFailureReport().getDetails()))
        .contains(offender.getName(), target);
  }

  @Test
  void theApplicationsClassesAreAllThere() {
    assertThat(application.containPackage("io.marketplaceexporter.alerting")).isTrue();
    assertThat(application.containPackage("io.marketplaceexporter.sandbox")).isTrue();
    assertThat(application.contain("io.marketplaceexporter.Main")).isTrue();
    assertThat(application.contain("io.marketplaceexporter.Exporter")).isTrue();
    assertThat(application.containPackage("io.marketplaceexporter.architecture"))
        .as("no test class")
        .isFalse();
  }

  @Nested
  class Modules {
    @Test
    void theCoreUsesNeitherTheRelayNorTheSandboxAndTheyDoNotUseEachOther() {
      ArchitectureRules.MODULES.check(application);
    }

    @Test
    void aCoreClassUsingTheDemoIsReported() {
      assertCatches(ArchitectureRules.MODULES, ForbiddenDemoInTheCore.class, "demo.DemoIncidents");
    }
  }

  @Nested
  class CoreLayers {
    @Test
    void arrowsPointDownOnly() {
      ArchitectureRules.CORE_LAYERS.check(application);
    }

    @Test
    void stateUsingIngestIsReported() {
      assertCatches(ArchitectureRules.CORE_LAYERS, ForbiddenArrowUp.class, "ingest.IngestService");
    }
  }

  @Nested
  class Relay {
    @Test
    void theRelaysEngineKnowsNoHttp() {
      ArchitectureRules.RELAY_ENGINE.check(application);
    }

    @Test
    void theRelaysEngineUsingTheHttpLayerIsReported() {
      assertCatches(
          ArchitectureRules.RELAY_ENGINE, ForbiddenHttpInTheRelay.class, "http.BadRequest");
    }
  }

  @Nested
  class Sandbox {
    @Test
    void theSandboxKnowsOnlyTheConfigurationAndTheBase() {
      ArchitectureRules.SANDBOX_ALONE.check(application);
    }

    @Test
    void theSandboxUsingTheSourcesIsReported() {
      assertCatches(
          ArchitectureRules.SANDBOX_ALONE,
          ForbiddenSourcesInTheSandbox.class,
          "sources.HttpClients");
    }
  }

  @Nested
  class Plugins {
    @Test
    void pluginsUseOnlyTheHttpLayersApiForThem() {
      ArchitectureRules.PLUGINS_USE_THE_HTTP_API.check(application);
    }

    @Test
    void aPluginUsingTheServersSetUpIsReported() {
      assertCatches(
          ArchitectureRules.PLUGINS_USE_THE_HTTP_API,
          ForbiddenHandlerInAPlugin.class,
          "http.HttpServerFactory");
    }
  }

  @Nested
  class Cycles {
    @Test
    void noPackageCycleButTheOneKnownWhenTheModulesWereSplit() {
      ArchitectureRules.NO_CYCLES_BUT_THE_KNOWN.check(application);
    }

    @Test
    void aNewCycleIsReportedDespiteTheFrozenOne() {
      EvaluationResult result =
          ArchitectureRules.NO_CYCLES_BUT_THE_KNOWN.evaluate(
              ArchitectureRules.applicationAnd(ForbiddenCycleA.class, ForbiddenCycleB.class));
      assertThat(result.hasViolation()).isTrue();
      assertThat(String.join("\n", result.getFailureReport().getDetails()))
          .contains(ForbiddenCycleA.class.getName(), ForbiddenCycleB.class.getName());
    }
  }
}
