package io.marketplaceexporter.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The project's {@code alertmanager/alertmanager.yml} and templates with only what a test on
 * loopback must change: the DingTalk relay URL points at the test's exporter, the Slack webhook
 * files and the heartbeat URL at a capture server, and the grouping waits are one second so that a
 * test takes seconds. Routing, receivers and templates are the shipped ones. The shipped planned
 * maintenance window (Tuesday 02:00-04:00 Beijing time, Monday 18:00-20:00 UTC) is pinned to the
 * year 2000, so that a test of notifications does not fail because it runs in that window; a test
 * of the window replaces {@link #MAINTENANCE_WINDOW}.
 */
public final class LoopbackAlertmanagerConfig {
  private LoopbackAlertmanagerConfig() {}

  /** The shipped maintenance window's days and times, as they stand in the shipped file. */
  static final String SHIPPED_WINDOW =
      """
            - weekdays: ['tuesday']
              times:
                - start_time: '02:00'
                  end_time: '04:00'
      """;

  /** The maintenance window as written here: the shipped one, never in effect. */
  public static final String MAINTENANCE_WINDOW =
      """
            - years: ['2000']
              weekdays: ['tuesday']
              times:
                - start_time: '02:00'
                  end_time: '04:00'
      """;

  /**
   * Writes the rewritten configuration under {@code dir} and returns its file.
   *
   * @param sinkUrl base URL (ending in {@code /}) of the server that captures Slack ({@code slack})
   *     and heartbeat ({@code heartbeat}) requests
   */
  public static Path write(Path projectRoot, Path dir, int exporterPort, String sinkUrl)
      throws IOException {
    Path shipped = projectRoot.resolve("alertmanager");
    String config = Files.readString(shipped.resolve("alertmanager.yml"));
    Path slackUrl = dir.resolve("slack_webhook_url");
    Files.writeString(slackUrl, sinkUrl + "slack");
    Map<String, String> testOnly =
        Map.of(
            "http://marketplace-exporter:9877",
            "http://127.0.0.1:" + exporterPort,
            "https://hc-ping.com/REPLACE-WITH-YOUR-CHECK-UUID",
            sinkUrl + "heartbeat",
            "/etc/alertmanager/secrets/slack_incidents_webhook_url",
            slackUrl.toString(),
            "/etc/alertmanager/secrets/slack_alerts_webhook_url",
            slackUrl.toString());
    for (Map.Entry<String, String> e : testOnly.entrySet()) {
      assertThat(config).as("the shipped config still has " + e.getKey()).contains(e.getKey());
      config = config.replace(e.getKey(), e.getValue());
    }
    assertThat(config).as("the shipped maintenance window").contains(SHIPPED_WINDOW);
    config =
        config
            .replace(SHIPPED_WINDOW, MAINTENANCE_WINDOW)
            .replaceAll("group_wait: \\d+[sm]", "group_wait: 1s")
            .replaceAll("group_interval: \\d+[sm]", "group_interval: 1s");
    Path configDir = Files.createDirectories(dir.resolve("alertmanager"));
    Path configFile = configDir.resolve("alertmanager.yml");
    Files.writeString(configFile, config);
    Path templates = Files.createDirectories(configDir.resolve("templates"));
    try (var files = Files.list(shipped.resolve("templates"))) {
      for (Path t : files.toList()) {
        Files.copy(t, templates.resolve(t.getFileName()));
      }
    }
    return configFile;
  }
}
