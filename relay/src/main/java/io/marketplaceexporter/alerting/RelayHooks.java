package io.marketplaceexporter.alerting;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the relay asks of the rest of the exporter and tells it, as plain functions, so that the
 * engine knows nothing of who answers: the button a firing alert's message carries for a target,
 * which alerts are fault drills, and who hears that a robot accepted a message with an alert. The
 * functions are called on the relay's threads and must return quickly; one that throws is logged
 * and treated as "no button" or ignored, never stopping a delivery.
 */
public record RelayHooks(
    Buttons buttons, Predicate<Map<String, String>> drill, Deliveries deliveries) {
  public RelayHooks {
    Objects.requireNonNull(buttons, "buttons");
    Objects.requireNonNull(drill, "drill");
    Objects.requireNonNull(deliveries, "deliveries");
  }

  /** No buttons, no drills, deliveries told to no one. */
  public static final RelayHooks NONE =
      new RelayHooks(
          (channel, target, labels) -> Optional.empty(), labels -> false, (c, t, l, at) -> {});

  /** The button for a firing alert with {@code labels} in a message to {@code channel/target}. */
  @FunctionalInterface
  public interface Buttons {
    Optional<Button> forAlert(String channel, String target, Map<String, String> labels);
  }

  /** Told once per firing alert of a message a robot of {@code channel/target} accepted. */
  @FunctionalInterface
  public interface Deliveries {
    void delivered(String channel, String target, Map<String, String> labels, Instant at);
  }
}
