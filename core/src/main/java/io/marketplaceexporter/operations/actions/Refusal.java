package io.marketplaceexporter.operations.actions;

import java.util.Locale;

/**
 * Why an approval link runs nothing: the HTTP status the page answers with, the reason (a label of
 * {@code marketplace_exporter_approval_refusals_total}) and a sentence for the approver that never
 * carries a secret.
 */
public record Refusal(Reason reason, String detail) {
  public enum Reason {
    /** The signature is not this exporter's: forged, altered, or from another exporter. */
    FORGED(403),
    /** Older than {@code actions.link_ttl}. */
    EXPIRED(410),
    /** Already used (the detail says when and by whom). */
    USED(409),
    /** Signed here, but its action is no longer configured or no longer serves the alert. */
    FOREIGN(404),
    /** The signed-in user is not one of the action's approvers. */
    NOT_APPROVER(403),
    /** The action ran less than its cooldown ago. */
    COOLDOWN(429),
    /** The use of the link could not be recorded, so it was not run. */
    UNAVAILABLE(503);

    public final int status;

    Reason(int status) {
      this.status = status;
    }

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public int status() {
    return reason.status;
  }
}
