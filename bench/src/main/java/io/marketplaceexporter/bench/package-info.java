/**
 * The benchmark: starts the exporter built from the tree and Debian's Pushgateway on loopback,
 * drives both with the same workload (wrk for load), and prints one table side by side.
 */
package io.marketplaceexporter.bench;
