package io.marketplaceexporter.operations;

import java.time.Instant;
import java.util.Map;

/**
 * Told by the relay when a robot accepted a message: once per alert the message carried, with the
 * alert's labels and the time the robot answered. Drills use it to measure how long until the robot
 * got the message. Called on the relay's threads; implementations return quickly.
 */
public interface DeliveryListener {
  DeliveryListener NONE = (group, labels, at) -> {};

  void delivered(ChatGroup group, Map<String, String> labels, Instant at);
}
