package io.marketplaceexporter.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void replacesTheContentAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("sub/state.json");
    AtomicFiles.replace(file, bytes("old"), false);
    AtomicFiles.replace(file, bytes("new"), false);

    assertThat(Files.readString(file)).isEqualTo("new");
    try (var files = Files.list(file.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("state.json");
    }
  }

  @Test
  void aTemporaryFileLeftByACrashIsOverwritten() throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(dir.resolve("token.tmp"), "half a write from before the crash, longer");

    AtomicFiles.replace(file, bytes("t1"), true);

    assertThat(Files.readString(file)).isEqualTo("t1");
    assertThat(dir.resolve("token.tmp")).doesNotExist();
  }

  @Test
  void anOwnerOnlyFileIsReadableByItsOwnerAlone() throws Exception {
    Path file = dir.resolve("token");
    AtomicFiles.replace(file, bytes("secret"), true);

    assertThat(Files.getPosixFilePermissions(file))
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
