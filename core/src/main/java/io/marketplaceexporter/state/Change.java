package io.marketplaceexporter.state;

import io.marketplaceexporter.state.Vocabulary.ChangeKind;

/**
 * A deploy or operational change. {@code at} is Unix seconds; {@code version} is empty and {@code
 * shop} null when not given.
 */
public record Change(String service, ChangeKind kind, String version, double at, String shop) {}
