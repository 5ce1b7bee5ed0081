/**
 * Demo mode's plug-in into the exporter ({@link io.marketplaceexporter.plugin.demo.DemoPlugin}):
 * the sandbox marketplace as a source, the incidents synced to its faults, and the demo's HTTP
 * controls. The only place of module sandbox that knows the exporter's HTTP layer.
 */
package io.marketplaceexporter.plugin.demo;
