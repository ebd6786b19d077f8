package dev.fastfn.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
  @TempDir
  Path root;

  @Test
  void a_folder_is_deleted_while_another_thread_writes_files_into_it_atomically() throws Exception {
    // What a function delete meets when the deps state file of that function is being recorded.
    for (int round = 0; round < 40; round++) {
      Path dir = root.resolve("fn" + round);
      Files.createDirectories(dir.resolve("sub"));
      Files.writeString(dir.resolve("handler.py"), "x");
      Files.writeString(dir.resolve("sub/data.txt"), "y");
      AtomicBoolean stop = new AtomicBoolean();
      Thread writer = Thread.ofPlatform().start(() -> {
        for (int i = 0; !stop.get(); i++) {
          try {
            Path tmp = dir.resolve(".state.json.tmp" + i);
            Files.writeString(tmp, "{}");
            Files.move(tmp, dir.resolve(".state.json"), StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException e) {
            // the folder is gone: what the deps recorder meets too
          }
        }
      });
      try {
        Thread.sleep(1);
        FileTrees.deleteFolder(dir);
      } finally {
        stop.set(true);
        writer.join();
      }
      // An atomic write into a folder that is gone fails, so nothing brings the folder back.
      assertThat(dir).doesNotExist();
      try (var left = Files.list(root)) {
        assertThat(left.filter(p -> p.getFileName().toString().startsWith(".fastfn-delete-"))).isEmpty();
      }
    }
  }

  @Test
  void a_missing_path_and_a_single_file_are_deleted_quietly() throws Exception {
    FileTrees.deleteRecursively(root.resolve("missing"));
    Path f = Files.writeString(root.resolve("f.txt"), "x");
    FileTrees.deleteRecursively(f);
    assertThat(f).doesNotExist();
  }
}
