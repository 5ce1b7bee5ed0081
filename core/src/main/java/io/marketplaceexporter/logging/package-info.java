/**
 * What may reach a log line from outside the exporter: {@link
 * io.marketplaceexporter.logging.LogText#safe(String)} bounds, escapes and scrubs any text an
 * upstream, a client or a robot sent (error messages, error codes, response bodies) before it is
 * logged.
 */
package io.marketplaceexporter.logging;
