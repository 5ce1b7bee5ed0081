/**
 * A client of Prometheus' HTTP API ({@code GET /api/v1/query}) for the operations: the verification
 * and deploy watches and the drills ask it whether a condition holds. It reads the official
 * response envelope ({@code status}, {@code data.resultType}/{@code result}, {@code warnings},
 * {@code errorType}/{@code error}) and never throws: every failure is a {@link
 * io.marketplaceexporter.operations.prometheus.QueryResult.Failed} with a reason, counted in {@code
 * marketplace_exporter_prometheus_queries_total}.
 */
package io.marketplaceexporter.operations.prometheus;
