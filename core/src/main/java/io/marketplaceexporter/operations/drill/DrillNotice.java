package io.marketplaceexporter.operations.drill;

import io.marketplaceexporter.operations.Notice;
import java.util.Locale;
import java.util.Optional;

/** A finished drill's report as the message posted to the group ({@code drills.channel/target}). */
final class DrillNotice {
  private DrillNotice() {}

  static Notice of(DrillReport r) {
    StringBuilder md = new StringBuilder();
    md.append("**Drill ")
        .append(r.incident())
        .append(": ")
        .append(r.result())
        .append("** (alert ")
        .append(r.alert())
        .append(" on ")
        .append(r.marketplace())
        .append('/')
        .append(r.shop())
        .append(", drill ")
        .append(r.id())
        .append(")\n\n");
    for (DrillReport.Stage s : r.stages()) {
      md.append("- ").append(s.name()).append(": ").append(s.status());
      if (s.seconds() != null) {
        md.append(String.format(Locale.ROOT, " after %.1f s", s.seconds()));
      }
      if (s.httpStatus() != null) {
        md.append(" (HTTP ").append(s.httpStatus()).append(')');
      }
      if (s.detail() != null && !s.ok()) {
        md.append(" — ").append(s.detail());
      }
      md.append('\n');
    }
    return new Notice(
        "Drill " + r.incident() + ": " + r.result(), md.toString(), Optional.empty(), true);
  }
}
