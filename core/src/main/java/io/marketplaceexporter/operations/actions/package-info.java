/**
 * Rollback actions approved from the chat (issue #20): the configured actions resolved with their
 * secrets ({@link io.marketplaceexporter.operations.actions.RollbackActions}, which also issues the
 * approval links the relay's messages carry), the signed single-use link tokens ({@link
 * io.marketplaceexporter.operations.actions.ApprovalTokens}, {@link
 * io.marketplaceexporter.operations.actions.UsedNonces}), and a run of an action ({@link
 * io.marketplaceexporter.operations.actions.ActionRunner}: the HTTP request, the {@code change}
 * event, the notices, the audit log). The approval page itself is served by {@code
 * http.ApprovalPage}.
 */
package io.marketplaceexporter.operations.actions;
