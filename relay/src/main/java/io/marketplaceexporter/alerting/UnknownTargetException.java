package io.marketplaceexporter.alerting;

/** No channel or no target of that name; the message lists what is configured. */
public final class UnknownTargetException extends RelayException {
  private static final long serialVersionUID = 1L;

  UnknownTargetException(String message) {
    super(message);
  }
}
