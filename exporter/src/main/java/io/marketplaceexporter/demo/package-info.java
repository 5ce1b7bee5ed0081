/**
 * Demo mode: a generator that feeds realistic traffic for a handful of shops across marketplaces
 * and ERPs into the real ingest path, with scriptable incidents (a zero price, a stalled sync,
 * throttling, an expiring token, a deploy followed by failures, negative stock).
 */
package io.marketplaceexporter.demo;
