package dev.fastfn.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir
  Path dir;

  @Test
  void a_write_replaces_the_whole_file_keeps_its_permissions_and_leaves_no_temp_file() throws Exception {
    Path f = dir.resolve("handler.py");
    Files.writeString(f, "old content that is longer than the new one\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x---"));
    AtomicFiles.write(f, "new\n".getBytes(StandardCharsets.UTF_8));
    assertThat(Files.readString(f)).isEqualTo("new\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).isEqualTo("rwxr-x---");
    assertThat(names()).containsExactly("handler.py");
  }

  @Test
  void a_write_never_follows_a_symlink_out_of_the_folder() throws Exception {
    Path outside = Files.writeString(dir.resolve("outside.txt"), "keep");
    Path link = Files.createSymbolicLink(dir.resolve("fn.config.json"), outside);
    assertThatThrownBy(() -> AtomicFiles.write(link, new byte[] {'x'})).isInstanceOf(AtomicFiles.SymlinkTarget.class);
    assertThat(Files.readString(outside)).isEqualTo("keep");
  }

  private List<String> names() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
