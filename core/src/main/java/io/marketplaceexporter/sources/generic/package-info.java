/**
 * The generic HTTP JSON source for ERPs (Dianxiaomi, Mabang, Tongtool) and in-house systems: a
 * configured request, and JSONPath mappings from its answer to ingest events of any type, which go
 * through the same validation as pushed events.
 */
package io.marketplaceexporter.sources.generic;
