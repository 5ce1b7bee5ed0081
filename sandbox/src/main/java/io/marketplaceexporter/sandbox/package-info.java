/**
 * The sandbox marketplace: a small Javalin server that speaks the subset of the Amazon SP-API,
 * Shopee, TikTok Shop, Lazada and generic-ERP endpoints that the connectors use, for a handful of
 * seeded shops, checks signatures and tokens, and injects faults on request ({@code POST
 * /_faults}). {@code --demo} runs it in-process and points real connectors at it; {@link
 * io.marketplaceexporter.sandbox.SandboxMain} runs it alone.
 */
package io.marketplaceexporter.sandbox;
