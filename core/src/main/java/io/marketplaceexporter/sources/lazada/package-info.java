/**
 * Lazada Open Platform: signed requests, token refresh ({@code expires_in}, {@code
 * refresh_expires_in}) and the order list with offset paging.
 */
package io.marketplaceexporter.sources.lazada;
