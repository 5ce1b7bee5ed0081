/**
 * What the exporter knows now: per-shop series, the SKU tracker behind the price and stock anomaly
 * gauges, the change log and the cardinality guard. Ingest and the connectors write here; {@code
 * metrics} reads here at scrape time. Nothing here does I/O.
 */
package io.marketplaceexporter.state;
