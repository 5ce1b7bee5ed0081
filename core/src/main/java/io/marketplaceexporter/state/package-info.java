/**
 * What the exporter knows now: per-shop series, the SKU tracker behind the price and stock anomaly
 * gauges, the change log and the cardinality guard. Ingest writes here (the connectors' events come
 * through ingest too), and a snapshot restore through {@link
 * io.marketplaceexporter.state.Restoring}; {@code metrics} reads here at scrape time. Nothing here
 * does I/O.
 */
package io.marketplaceexporter.state;
