package io.marketplaceexporter.alerting;

import io.marketplaceexporter.config.RelayTargetConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who a message mentions: for every firing alert whose {@code severity} is one the target mentions
 * on, the target's fixed people plus those its {@code by_label} maps the alert's labels to (a
 * {@code team} or {@code owner} label, for example). Resolved alerts and fault drills' alerts
 * mention nobody.
 */
final class Mentions {
  private final RelayTargetConfig.Mention config;
  private final Predicate<Map<String, String>> drill;

  Mentions(RelayTargetConfig.Mention config) {
    this(config, labels -> false);
  }

  /** {@code drill} tells the alerts of fault drills, which mention nobody. */
  Mentions(RelayTargetConfig.Mention config, Predicate<Map<String, String>> drill) {
    this.config = config;
    this.drill = drill;
  }

  /** The people to mention for these groups, mobiles and user ids, in first-seen order. */
  RelayTargetConfig.Recipients resolve(List<AlertGroup> groups) {
    Set<String> mobiles = new LinkedHashSet<>();
    Set<String> userIds = new LinkedHashSet<>();
    for (AlertGroup g : groups) {
      for (AlertGroup.Alert a : g.alerts()) {
        if (!a.firing()
            || !config.severities().contains(a.label("severity"))
            || drill.test(a.labels())) {
          continue;
        }
        mobiles.addAll(config.mobiles());
        userIds.addAll(config.userIds());
        for (Map.Entry<String, Map<String, RelayTargetConfig.Recipients>> byLabel :
            config.byLabel().entrySet()) {
          RelayTargetConfig.Recipients r = byLabel.getValue().get(a.label(byLabel.getKey()));
          if (r != null) {
            mobiles.addAll(r.mobiles());
            userIds.addAll(r.userIds());
          }
        }
      }
    }
    return new RelayTargetConfig.Recipients(new ArrayList<>(mobiles), new ArrayList<>(userIds));
  }
}
