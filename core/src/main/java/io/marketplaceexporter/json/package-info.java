/**
 * The one place JSON mappers are made: {@link io.marketplaceexporter.json.JsonMappers} names each
 * variant the exporter needs and why, and {@link io.marketplaceexporter.json.UntrustedJson} reads a
 * body that arrives from outside (the ingest API, Alertmanager's webhook) with the strict variant,
 * turning malformed input into a message that says where. Nothing here knows HTTP.
 */
package io.marketplaceexporter.json;
