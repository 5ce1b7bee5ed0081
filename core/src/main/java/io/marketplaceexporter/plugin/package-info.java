/**
 * The product's one plug-in point: {@link io.marketplaceexporter.plugin.Plugin}. The relay ({@code
 * plugin.relay}, module relay) and the demo ({@code plugin.demo}, module sandbox) implement it; the
 * launcher (module exporter) hands them to the {@link io.marketplaceexporter.Exporter}.
 */
package io.marketplaceexporter.plugin;
