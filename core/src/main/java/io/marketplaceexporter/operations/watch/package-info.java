/**
 * The watches: after a rollback, the {@link
 * io.marketplaceexporter.operations.watch.VerificationWatch} evaluates the alert's runbook
 * Verification block ({@link io.marketplaceexporter.operations.watch.VerificationCheck}, read from
 * the runbooks bundled in the jar by {@link io.marketplaceexporter.operations.watch.Runbooks})
 * through Prometheus until it has held long enough or a deadline passes; after each {@code deploy}
 * change the {@link io.marketplaceexporter.operations.watch.DeployWatch} compares the order failure
 * ratio, the API error ratio and the sync lag of its scope before and after. Both post their
 * verdict as a {@link io.marketplaceexporter.operations.Notice} and count it in {@link
 * io.marketplaceexporter.operations.watch.WatchMetrics}.
 */
package io.marketplaceexporter.operations.watch;
