/**
 * Demo mode's plug-in into the exporter ({@link io.marketplaceexporter.plugin.demo.DemoPlugin}):
 * the sandbox marketplace as a source, the incidents synced to its faults, the demo's HTTP
 * controls, and the rollback loop without a real system (the action and approver of {@code
 * DemoApprover}, the page {@code /demo/rollback} standing in for Prometheus, Alertmanager and the
 * robot, the group {@code demo/chat} that keeps the notices). The only place of module sandbox that
 * knows the exporter's HTTP layer.
 */
package io.marketplaceexporter.plugin.demo;
