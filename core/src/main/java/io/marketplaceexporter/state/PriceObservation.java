package io.marketplaceexporter.state;

/**
 * One observed price of a SKU. {@code floor} is NaN when not given; {@code currency} may be null.
 * {@code confirmed} accepts an intended price change as the SKU's new normal price.
 */
public record PriceObservation(double price, String currency, double floor, boolean confirmed) {}
