/**
 * Shopee Open Platform v2: HMAC-SHA256 request signing, access-token refresh and the order list
 * with cursor paging; Shopee's {@code error} field mapped to outcomes and result classes.
 */
package io.marketplaceexporter.sources.shopee;
