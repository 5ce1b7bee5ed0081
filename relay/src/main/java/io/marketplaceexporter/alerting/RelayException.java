package io.marketplaceexporter.alerting;

/**
 * Why the relay refused a notification; the message says what is wrong and is fit to send back (it
 * never holds a robot URL or secret). The caller decides how to answer: the HTTP layer maps each
 * kind to a status code.
 */
public abstract sealed class RelayException extends RuntimeException
    permits UnknownTargetException, BadPayloadException, QueueFullException {
  private static final long serialVersionUID = 1L;

  RelayException(String message) {
    super(message, null, false, false);
  }
}
