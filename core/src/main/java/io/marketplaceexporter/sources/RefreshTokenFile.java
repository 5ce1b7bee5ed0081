package io.marketplaceexporter.sources;

import io.marketplaceexporter.config.Secret;
import io.marketplaceexporter.storage.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a rotated refresh token back to the file its {@code file:} reference names, so that a
 * restart uses the token the marketplace issued last (Shopee, Lazada and TikTok Shop invalidate the
 * old one). The file is replaced atomically and readable by its owner only; a failure is logged
 * once, without the token, and the token stays in memory.
 */
final class RefreshTokenFile implements Consumer<Secret> {
  private static final Logger LOG = LoggerFactory.getLogger(RefreshTokenFile.class);

  private final String source;
  private final Path file;
  private boolean warned;

  RefreshTokenFile(String source, Path file) {
    this.source = source;
    this.file = file;
  }

  @Override
  public synchronized void accept(Secret token) {
    try {
      AtomicFiles.replace(file, (token.reveal() + "\n").getBytes(StandardCharsets.UTF_8), true);
      warned = false;
    } catch (IOException | RuntimeException e) {
      if (!warned) {
        warned = true;
        LOG.warn(
            "source {}: cannot save the rotated refresh token to {} ({}); it is kept in memory"
                + " only and a restart will use the old one",
            source,
            file,
            e.getClass().getSimpleName());
      }
    }
  }
}
