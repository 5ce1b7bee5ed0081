package io.marketplaceexporter.operations;

import java.util.Map;
import java.util.Optional;

/**
 * Issues approval links. The relay calls it once per firing alert it renders for {@code group}; the
 * exporter answers with a link when a configured action serves the alert ({@code labels} carry
 * {@code alertname} and the alert's other labels), and empty otherwise.
 */
public interface ApprovalLinks {
  /** No actions: no links. */
  ApprovalLinks NONE = (group, labels) -> Optional.empty();

  Optional<ApprovalLink> linkFor(ChatGroup group, Map<String, String> labels);
}
