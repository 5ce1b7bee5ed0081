/**
 * Entry point and wiring. {@link io.marketplaceexporter.Main} parses flags; {@link
 * io.marketplaceexporter.Exporter} builds the layers in the direction data flows: {@code config} →
 * {@code ingest} and {@code demo} → {@code state} → {@code metrics} → {@code http}.
 */
package io.marketplaceexporter;
