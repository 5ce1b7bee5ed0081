/**
 * The one signing primitive: HMAC-SHA256 keyed by a secret, as lower-case hex (the marketplaces'
 * request signatures) or Base64 (the group robots'). It depends on nothing but the JDK, so the
 * connectors, the sandbox marketplaces and the alert relay's dialects all use it; what each signs
 * (its base string, key, timestamp unit and letter case) is built where that marketplace or dialect
 * lives, next to the document it follows.
 */
package io.marketplaceexporter.crypto;
