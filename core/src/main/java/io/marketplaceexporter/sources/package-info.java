/**
 * Sources the exporter polls itself: the poll engine ({@link
 * io.marketplaceexporter.sources.SourceScheduler}), per-source health metrics ({@link
 * io.marketplaceexporter.sources.SourceHealth}), and what every connector shares: the HTTP call
 * that feeds the API metrics ({@link io.marketplaceexporter.sources.ApiClient}), token lifetimes
 * ({@link io.marketplaceexporter.sources.TokenState}), new-order and backlog counting ({@link
 * io.marketplaceexporter.sources.OrderTracker}). The connectors live in the sub-packages, one per
 * marketplace, plus {@code generic} for ERPs and in-house systems.
 */
package io.marketplaceexporter.sources;
