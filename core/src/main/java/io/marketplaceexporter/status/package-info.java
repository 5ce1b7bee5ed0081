/**
 * The read-only status model behind the landing page and {@code /status.json}: what each source,
 * shop, relay queue and recent ingest rejection looks like now, built from the live state at
 * request time by {@link io.marketplaceexporter.status.StatusModel}. The parts that are not state
 * report through small interfaces ({@link io.marketplaceexporter.status.RelayQueues} for the alert
 * relay), so that the page depends on no module's internals. Nothing here holds a secret: sources
 * report a reason label, never an upstream's message; rejections a field and a problem, never the
 * event.
 */
package io.marketplaceexporter.status;
