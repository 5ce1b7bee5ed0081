/**
 * Amazon Selling Partner API: Login with Amazon token refresh, the client secret's rotation
 * deadline, and the Orders API ({@code getOrders} with {@code NextToken} paging).
 */
package io.marketplaceexporter.sources.amazon;
