/**
 * The value types every layer shares, at the bottom of the dependency graph: the label values of
 * the metrics contract ({@link io.marketplaceexporter.model.Vocabulary}), the shop a series or an
 * event is about ({@link io.marketplaceexporter.model.ShopKey}) and which shops a replica owns
 * ({@link io.marketplaceexporter.model.Shard}). Nothing here imports another package of the
 * project.
 */
package io.marketplaceexporter.model;
