/**
 * The push-ingest path: JSON events from {@code POST /api/v1/events} parsed field by field into
 * validated {@link io.marketplaceexporter.ingest.Event}s, de-duplicated by id and applied to the
 * state. Nothing invalid gets past the parser; every rejection names the field.
 */
package io.marketplaceexporter.ingest;
