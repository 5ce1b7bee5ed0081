package io.marketplaceexporter.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.marketplaceexporter.http.BadRequest;
import io.marketplaceexporter.http.BearerAuth;
import io.marketplaceexporter.http.BoundedBody;
import io.marketplaceexporter.http.ExtraRoutes;
import io.marketplaceexporter.http.Json;
import java.util.Arrays;

/**
 * The dependency rules of docs/architecture.md, one rule object each. {@link ArchitectureTest}
 * checks them on the application's classes, and shows each one failing on a class that breaks it.
 */
final class ArchitectureRules {
  private ArchitectureRules() {}

  static final String ROOT = "io.marketplaceexporter";

  /** The classes whose fully qualified name matches {@code regex}. */
  private static DescribedPredicate<JavaClass> named(String regex) {
    return HasName.Predicates.nameMatching(regex).forSubtype();
  }

  /** Module exporter: the launcher, in the root package beside the product's {@code Exporter}. */
  static final DescribedPredicate<JavaClass> LAUNCHER =
      named("io\\.marketplaceexporter\\.(Main|Launcher|DrillCommand)(\\$.*)?")
          .as("the launcher (Main, Launcher, DrillCommand)");

  /** Module relay: the relay and its plug-in. */
  static final DescribedPredicate<JavaClass> RELAY =
      resideInAnyPackage(ROOT + ".alerting..", ROOT + ".plugin.relay..")
          .as("module relay (alerting, plugin.relay)");

  /** Module sandbox: the sandbox marketplace, the demo's incidents and the demo's plug-in. */
  static final DescribedPredicate<JavaClass> SANDBOX =
      resideInAnyPackage(ROOT + ".sandbox..", ROOT + ".demo..", ROOT + ".plugin.demo..")
          .as("module sandbox (sandbox, demo, plugin.demo)");

  /** Module core: everything else, {@code Exporter} and the plug-in point included. */
  static final DescribedPredicate<JavaClass> CORE =
      resideInAPackage(ROOT + "..")
          .and(not(LAUNCHER))
          .and(not(RELAY))
          .and(not(SANDBOX))
          .as("module core");

  /**
   * The modules' arrows: the launcher uses all; the relay and the sandbox use only the core; the
   * core uses neither (they plug in through {@code io.marketplaceexporter.plugin.Plugin}).
   */
  static final ArchRule MODULES =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("Launcher")
          .definedBy(LAUNCHER)
          .layer("Relay")
          .definedBy(RELAY)
          .layer("Sandbox")
          .definedBy(SANDBOX)
          .layer("Core")
          .definedBy(CORE)
          .whereLayer("Launcher")
          .mayNotBeAccessedByAnyLayer()
          .whereLayer("Relay")
          .mayOnlyBeAccessedByLayers("Launcher")
          .whereLayer("Sandbox")
          .mayOnlyBeAccessedByLayers("Launcher")
          .whereLayer("Core")
          .mayOnlyBeAccessedByLayers("Launcher", "Relay", "Sandbox")
          .as("modules: core <- relay, sandbox <- launcher");

  /**
   * Inside the core, arrows point down only: the assembly ({@code Exporter}, {@code plugin}) →
   * {@code http} (with {@code web}, the web configuration file's TLS and basic auth) → {@code
   * operations} (rollback actions, watches, drills), and {@code sources} → {@code storage} → {@code
   * ingest} → {@code metrics} → {@code status} (the status page's read-only view of the state) →
   * {@code state} → the base ({@code config}, {@code json}, {@code crypto}, {@code retry}, {@code
   * logging}, {@code model}). {@code http} and {@code sources} do not use each other; an event
   * flows from either through {@code ingest} into {@code state}, which {@code metrics} reads. Every
   * class of the core belongs to a layer, so a new package must be placed here.
   */
  static final ArchRule CORE_LAYERS =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .optionalLayer("Assembly")
          .definedBy(
              named("io\\.marketplaceexporter\\.(Exporter|package-info)(\\$.*)?")
                  .or(resideInAPackage(ROOT + ".plugin")))
          .layer("Http")
          .definedBy(ROOT + ".http..", ROOT + ".web..")
          .layer("Operations")
          .definedBy(ROOT + ".operations..")
          .layer("Sources")
          .definedBy(ROOT + ".sources..")
          .layer("Storage")
          .definedBy(ROOT + ".storage..")
          .layer("Ingest")
          .definedBy(ROOT + ".ingest..")
          .layer("Metrics")
          .definedBy(ROOT + ".metrics..")
          .layer("Status")
          .definedBy(ROOT + ".status..")
          .layer("State")
          .definedBy(ROOT + ".state..")
          .layer("Base")
          .definedBy(
              ROOT + ".config..",
              ROOT + ".json..",
              ROOT + ".crypto..",
              ROOT + ".retry..",
              ROOT + ".logging..",
              ROOT + ".model..")
          .whereLayer("Http")
          .mayOnlyAccessLayers("Operations", "Ingest", "Metrics", "Status", "State", "Base")
          .whereLayer("Operations")
          .mayOnlyAccessLayers("Storage", "Ingest", "Metrics", "Status", "State", "Base")
          .whereLayer("Sources")
          .mayOnlyAccessLayers("Storage", "Ingest", "Metrics", "Status", "State", "Base")
          .whereLayer("Storage")
          .mayOnlyAccessLayers("Ingest", "Metrics", "Status", "State", "Base")
          .whereLayer("Ingest")
          .mayOnlyAccessLayers("Metrics", "Status", "State", "Base")
          .whereLayer("Metrics")
          .mayOnlyAccessLayers("Status", "State", "Base")
          .whereLayer("Status")
          .mayOnlyAccessLayers("State", "Base")
          .whereLayer("State")
          .mayOnlyAccessLayers("Base")
          .whereLayer("Base")
          .mayNotAccessAnyLayer()
          .ensureAllClassesAreContainedInArchitectureIgnoring(not(CORE))
          .as(
              "core layers: assembly -> http -> operations, sources -> storage -> ingest -> metrics -> status -> state"
                  + " -> base");

  /**
   * The relay's engine knows nothing of HTTP, of the product's data path or of the sandbox: it
   * takes bytes and sends messages; {@code plugin.relay} serves it.
   */
  static final ArchRule RELAY_ENGINE =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".alerting..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.javalin..",
              ROOT + ".http..",
              ROOT + ".plugin..",
              ROOT + ".ingest..",
              ROOT + ".sources..",
              ROOT + ".state..",
              ROOT)
          .as("alerting uses no HTTP, no plug-in, no ingest, sources or state");

  /** The sandbox marketplace and the demo's script know only the core's configuration and base. */
  static final ArchRule SANDBOX_ALONE =
      noClasses()
          .that()
          .resideInAnyPackage(ROOT + ".sandbox..", ROOT + ".demo..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              ROOT + ".http..",
              ROOT + ".plugin..",
              ROOT + ".ingest..",
              ROOT + ".sources..",
              ROOT + ".state..",
              ROOT + ".metrics..",
              ROOT + ".storage..",
              ROOT)
          .as("sandbox and demo use only config and the base of the core");

  /**
   * Of the HTTP layer, the plug-ins use only what it offers them: {@link ExtraRoutes} and the
   * helpers it names ({@link BadRequest}, {@link Json}, {@link BoundedBody}), and {@link
   * BearerAuth.OpenControls}; never a handler or the server's set-up.
   */
  static final ArchRule PLUGINS_USE_THE_HTTP_API =
      noClasses()
          .that(RELAY.or(SANDBOX))
          .should()
          .dependOnClassesThat(
              resideInAPackage(ROOT + ".http")
                  .and(
                      not(
                          belongToAnyOf(
                              ExtraRoutes.class,
                              BadRequest.class,
                              Json.class,
                              BoundedBody.class,
                              BearerAuth.OpenControls.class)))
                  .as("classes of http other than ExtraRoutes and its helpers"))
          .as("relay and sandbox use of http only ExtraRoutes and its helpers");

  /** No package depends on itself through others. */
  static final ArchRule NO_CYCLES =
      slices()
          .matching(ROOT + ".(**)")
          .should()
          .beFreeOfCycles()
          .as("packages of io.marketplaceexporter are free of cycles");

  /** The application's classes: every module's main classes, no test class, no test jar. */
  static JavaClasses application() {
    return applicationAnd();
  }

  /** The application's classes and the test classes {@code extra}. */
  static JavaClasses applicationAnd(Class<?>... extra) {
    ImportOption notTests = new ImportOption.DoNotIncludeTests();
    return new ClassFileImporter()
        .withImportOption(
            location ->
                Arrays.stream(extra)
                        .anyMatch(c -> location.contains(c.getName().replace('.', '/') + ".class"))
                    || (notTests.includes(location) && !location.contains("-tests.jar")))
        .importPackages(ROOT);
  }
}
