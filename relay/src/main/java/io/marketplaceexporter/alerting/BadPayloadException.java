package io.marketplaceexporter.alerting;

/**
 * The notification is not Alertmanager's webhook payload (version 4): malformed JSON, or a field
 * missing or of the wrong type; the message names the field, like {@code alerts[2].labels.severity:
 * must be a string}.
 */
public final class BadPayloadException extends RelayException {
  private static final long serialVersionUID = 1L;

  BadPayloadException(String message) {
    super(message);
  }
}
