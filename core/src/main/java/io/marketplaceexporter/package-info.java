/**
 * The product's assembly: {@link io.marketplaceexporter.Exporter} builds the layers in the
 * direction data flows, {@code config} → {@code ingest} and {@code sources} → {@code state} →
 * {@code metrics} and {@code http}, with the {@link io.marketplaceexporter.plugin.Plugin}s it is
 * given. The launcher's {@code Main} (module exporter, same package) parses flags and chooses the
 * plug-ins; docs/architecture.md draws the modules and their arrows.
 */
package io.marketplaceexporter;
