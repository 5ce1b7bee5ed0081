package io.marketplaceexporter.plugin.demo;

import io.marketplaceexporter.config.ActionRequestConfig;
import io.marketplaceexporter.config.ActionsConfig;
import io.marketplaceexporter.config.RollbackActionConfig;
import io.marketplaceexporter.demo.Incident;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Demo mode's rollback loop when the configuration has no {@code actions}: the action {@value
 * #ACTION}, which serves the alerts the demo's incidents fire and calls the exporter's own {@code
 * POST /api/v1/demo/rollbacks} for the alert's shop, and its one approver {@value #USER} with a
 * random password made at each start. The launcher adds the action to the configuration and the
 * approver to the web configuration as an approval-page-only user; nothing outside demo mode
 * creates one.
 */
public record DemoApprover(String user, String password) {
  /** The demo approver's user name. */
  public static final String USER = "demo";

  /** The demo's rollback action. */
  public static final String ACTION = "demo-rollback";

  /** A demo approver with a fresh random password. */
  public static DemoApprover generate() {
    byte[] b = new byte[12];
    new SecureRandom().nextBytes(b);
    return new DemoApprover(USER, Base64.getUrlEncoder().withoutPadding().encodeToString(b));
  }

  /**
   * The {@code actions:} section of the demo: links under {@code baseUrl} (the exporter's own URL,
   * such as {@code http://127.0.0.1:9877}), the action {@value #ACTION} calling {@code
   * baseUrl/api/v1/demo/rollbacks}, approved by this user, without cooldown so that it can be tried
   * again at once.
   */
  public ActionsConfig actions(String baseUrl) {
    List<String> alerts = Arrays.stream(Incident.values()).map(Incident::alert).toList();
    return new ActionsConfig(
        baseUrl,
        Duration.ofHours(1),
        null,
        List.of(
            new RollbackActionConfig(
                ACTION,
                "demo-shop",
                alerts,
                Map.of(),
                List.of(user),
                new ActionRequestConfig(
                    "POST",
                    baseUrl + "/api/v1/demo/rollbacks",
                    Map.of(),
                    Map.of(),
                    "{\"shop\": \"{{labels.shop}}\"}",
                    "application/json",
                    Duration.ofSeconds(10)),
                Duration.ZERO,
                List.of())));
  }

  @Override
  public String toString() {
    return "DemoApprover[" + user + "]";
  }
}
