package io.marketplaceexporter.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Prometheus and Alertmanager versions the project supports and tests: the oldest (Debian 12's
 * packages in {@code /usr/bin}) and the current long-term-support line (fetched by {@code
 * .ci/install-current-stack} into {@code $MPE_TOOLS}, default {@code
 * /opt/marketplace-exporter/tools}). The one place that knows where each binary is; a missing
 * binary fails the test with the command that installs it, it never skips.
 */
public enum PrometheusStack {
  /** Debian 12 (bookworm): Prometheus and promtool 2.42, Alertmanager and amtool 0.25. */
  OLDEST("Prometheus 2.42, Alertmanager 0.25 (Debian 12, oldest supported)", "2.42.", "0.25.") {
    @Override
    public Path location(Tool tool) {
      return Path.of("/usr/bin", tool.debianName);
    }
  },
  /** Prometheus 3.5 LTS and Alertmanager 0.33 (Debian unstable's packages, unpacked). */
  CURRENT("Prometheus 3.5 LTS, Alertmanager 0.33 (current)", "3.5.", "0.33.") {
    @Override
    public Path location(Tool tool) {
      return toolsDir().resolve(tool.folder).resolve(tool.upstreamName);
    }
  };

  /** The command that installs both stacks (Debian packages and the tools folder). */
  public static final String INSTALL = "bash .ci/install";

  /** The binaries of a stack. */
  public enum Tool {
    PROMETHEUS("prometheus", "prometheus", "prometheus"),
    PROMTOOL("prometheus", "promtool", "promtool"),
    ALERTMANAGER("alertmanager", "alertmanager", "prometheus-alertmanager"),
    AMTOOL("alertmanager", "amtool", "amtool");

    final String folder;
    final String upstreamName;
    final String debianName;

    Tool(String folder, String upstreamName, String debianName) {
      this.folder = folder;
      this.upstreamName = upstreamName;
      this.debianName = debianName;
    }

    /** True for the Alertmanager binaries, whose version is the stack's Alertmanager version. */
    public boolean isAlertmanager() {
      return folder.equals("alertmanager");
    }
  }

  private final String label;
  private final String prometheusVersionPrefix;
  private final String alertmanagerVersionPrefix;

  PrometheusStack(String label, String prometheusPrefix, String alertmanagerPrefix) {
    this.label = label;
    this.prometheusVersionPrefix = prometheusPrefix;
    this.alertmanagerVersionPrefix = alertmanagerPrefix;
  }

  /** The tools folder of the current stack: {@code $MPE_TOOLS} or the default. */
  public static Path toolsDir() {
    String env = System.getenv("MPE_TOOLS");
    return Path.of(env == null || env.isBlank() ? "/opt/marketplace-exporter/tools" : env);
  }

  /** Where {@code tool} of this stack should be, whether or not it is installed. */
  public abstract Path location(Tool tool);

  /**
   * The executable of {@code tool} in this stack; throws {@link AssertionError} (the test fails)
   * naming {@link #INSTALL} when it is not installed.
   */
  public Path require(Tool tool) {
    return requireExecutable(location(tool), tool.upstreamName + " of " + label);
  }

  /**
   * {@code path} when it is an executable file, else an {@link AssertionError} naming {@link
   * #INSTALL}.
   */
  static Path requireExecutable(Path path, String what) {
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw new AssertionError(
          "%s not found at %s: run `%s` (it installs Debian 12's packages and the current stack)"
              .formatted(what, path, INSTALL));
    }
    return path;
  }

  /** The version prefix {@code tool --version} must report, e.g. {@code "3.5."}. */
  public String versionPrefix(Tool tool) {
    return tool.isAlertmanager() ? alertmanagerVersionPrefix : prometheusVersionPrefix;
  }

  /** Shown in test names: the versions, and which end of the supported range this is. */
  @Override
  public String toString() {
    return label;
  }
}
