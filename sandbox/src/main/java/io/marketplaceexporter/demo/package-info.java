/**
 * Demo mode's script: which incidents (a zero price, a price drop, a stalled sync, throttling, an
 * expiring token, a deploy followed by failures, negative stock, a payment gateway switch whose
 * payments do not reach the orders) play now and against which shop, on a repeating scenario or on
 * demand. The sandbox plays them as faults for the real connectors.
 */
package io.marketplaceexporter.demo;
