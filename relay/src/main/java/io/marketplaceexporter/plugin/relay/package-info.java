/**
 * The relay's plug-in into the exporter ({@link io.marketplaceexporter.plugin.relay.RelayPlugin}):
 * the webhook's HTTP handler, which maps the relay's refusals to statuses, and the relay's
 * lifecycle. The only place of module relay that knows HTTP; {@code alerting} does not.
 */
package io.marketplaceexporter.plugin.relay;
