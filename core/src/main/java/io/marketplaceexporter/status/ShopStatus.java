package io.marketplaceexporter.status;

import java.time.Instant;
import java.util.List;

/** One tracked shop: its labels, when it last had an event, and what is wrong with it now. */
public record ShopStatus(
    String marketplace, String site, String shop, Instant lastEvent, List<Trouble> troubles) {
  public ShopStatus {
    troubles = List.copyOf(troubles);
  }

  public boolean inTrouble() {
    return !troubles.isEmpty();
  }

  /** {@code critical}, {@code warning} or {@code ok}: the worst of its troubles. */
  public String severity() {
    if (troubles.stream().anyMatch(Trouble::critical)) {
      return Trouble.CRITICAL;
    }
    return troubles.isEmpty() ? "ok" : Trouble.WARNING;
  }
}
