/**
 * Fault drills: a named {@link io.marketplaceexporter.operations.drill.DrillIncident} is played on
 * the reserved drill shop ({@code drills:}) by pushing its events through the ingest service, and
 * {@link io.marketplaceexporter.operations.drill.DrillService} measures how long until Prometheus
 * had the alert firing ({@link io.marketplaceexporter.operations.drill.AlertsApi}), how long until
 * the robot got the message (it is the relay's {@link
 * io.marketplaceexporter.operations.DeliveryListener}) and whether the runbook link answered
 * ({@link io.marketplaceexporter.operations.drill.RunbookProbe}), then clears the fault, posts the
 * {@link io.marketplaceexporter.operations.drill.DrillReport}, keeps it ({@link
 * io.marketplaceexporter.operations.drill.DrillStore}) and counts it ({@link
 * io.marketplaceexporter.operations.drill.DrillMetrics}).
 */
package io.marketplaceexporter.operations.drill;
