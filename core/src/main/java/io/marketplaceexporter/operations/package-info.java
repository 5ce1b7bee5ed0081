/**
 * What the exporter does about an alert besides exposing it, and what its parts share: rollback
 * actions approved from the chat ({@code operations.actions}), verification and deploy watches
 * against Prometheus' HTTP API ({@code operations.watch}) and fault drills ({@code
 * operations.drill}). This package holds only the contracts between those parts and the relay
 * plug-in: the exporter asks the relay to post a {@link io.marketplaceexporter.operations.Notice}
 * to a {@link io.marketplaceexporter.operations.ChatGroup} through a {@link
 * io.marketplaceexporter.operations.ChatPoster}; the relay asks the exporter for an {@link
 * io.marketplaceexporter.operations.ApprovalLink} while it renders an alert and reports each
 * delivered alert to a {@link io.marketplaceexporter.operations.DeliveryListener}. The sub-packages
 * use this one, never the other way round.
 */
package io.marketplaceexporter.operations;
