package io.marketplaceexporter.operations.watch;

import io.marketplaceexporter.config.AlertingConfig.ChangeScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The three figures a deploy watch compares for one scope (a marketplace, a shop, or every shop):
 * order failure ratio, API error ratio and the worst sync lag, each over a window ending at the
 * query's evaluation time, in PromQL on the contract's metrics.
 */
record DeploySignals(String selector, String description) {
  /** The figures, in the order of {@link #queries}. */
  static final List<String> NAMES = List.of("order failure ratio", "API error ratio", "sync lag");

  /** Every shop. */
  static DeploySignals everywhere() {
    return new DeploySignals("", "every shop");
  }

  /** The shops of one change scope; its values are quoted as PromQL strings. */
  static DeploySignals of(ChangeScope s) {
    List<String> m = new ArrayList<>();
    m.add("marketplace=" + VerificationCheck.quote(s.marketplace()));
    StringBuilder d = new StringBuilder(s.marketplace());
    if (!s.shop().isEmpty()) {
      m.add("site=" + VerificationCheck.quote(s.site()));
      m.add("shop=" + VerificationCheck.quote(s.shop()));
      d.append(s.site().isEmpty() ? "" : " " + s.site()).append(" shop ").append(s.shop());
    }
    return new DeploySignals(String.join(", ", m), d.toString());
  }

  /** The queries of the three figures over {@code window} (ending at the evaluation time). */
  List<String> queries(Duration window) {
    String w = "[" + Math.max(60, window.toSeconds()) + "s]";
    String sel = selector.isEmpty() ? "" : ", " + selector;
    String all = selector.isEmpty() ? "" : "{" + selector + "}";
    return List.of(
        "sum(increase(marketplace_orders_total{outcome=\"failure\""
            + sel
            + "}"
            + w
            + ")) / sum(increase(marketplace_orders_total"
            + all
            + w
            + "))",
        "sum(increase(marketplace_api_requests_total{code=~\"4xx|5xx|error\""
            + sel
            + "}"
            + w
            + ")) / sum(increase(marketplace_api_requests_total"
            + all
            + w
            + "))",
        "max(max_over_time((time() - marketplace_sync_last_success_timestamp_seconds"
            + all
            + ")"
            + w.replace("]", ":1m]")
            + "))");
  }
}
