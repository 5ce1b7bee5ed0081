/**
 * TikTok Shop Open API (202309 versions): request signing, token refresh (whose expiries are
 * absolute Unix timestamps) and order search with page tokens.
 */
package io.marketplaceexporter.sources.tiktok;
