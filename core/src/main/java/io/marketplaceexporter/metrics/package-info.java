/**
 * Exposes the state as Prometheus metrics on an injected {@code PrometheusRegistry}: the contract
 * families of {@code docs/metrics.md} as callback metrics read at scrape time, and the exporter's
 * own metrics. Never the default registry.
 */
package io.marketplaceexporter.metrics;
