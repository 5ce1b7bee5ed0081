/**
 * Durable state under {@code --storage.path}: {@link io.marketplaceexporter.storage.AtomicFiles}
 * replaces a file atomically (temporary file, fsync, rename, fsync of the directory), for the
 * state, the relay queue and rotated refresh tokens; {@link
 * io.marketplaceexporter.storage.DurableFile} writes a versioned file that way and reads it back,
 * moving a corrupt, truncated, foreign or newer-format file aside instead of failing; {@link
 * io.marketplaceexporter.storage.StateStore} snapshots the state that the next event cannot rebuild
 * into {@code state.json.gz} and restores it at start-up. See docs/storage.md.
 */
package io.marketplaceexporter.storage;
