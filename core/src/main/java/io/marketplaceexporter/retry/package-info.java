/**
 * The one retry/backoff policy ({@link io.marketplaceexporter.retry.RetryPolicy}): a base delay
 * doubled per consecutive failure up to a maximum, spread by jitter, never shorter than what the
 * server asked for in {@code Retry-After}. It depends on nothing but the JDK, so the poll engine
 * ({@code sources}) and the alert relay ({@code alerting}) each use it with their own parameters
 * without depending on one another.
 */
package io.marketplaceexporter.retry;
