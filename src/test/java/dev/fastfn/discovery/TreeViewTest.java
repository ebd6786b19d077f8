package dev.fastfn.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeViewTest {
  @TempDir
  Path dir;

  @Test
  void a_listing_reads_the_kind_size_and_mtime_of_every_entry() throws Exception {
    Files.writeString(dir.resolve("b.py"), "xy");
    Files.createDirectory(dir.resolve("a"));

    TreeView.Listing l = TreeView.read(dir);

    assertThat(l.files()).containsExactly("b.py");
    assertThat(l.dirs()).containsExactly("a");
    assertThat(l.info().get("b.py").size()).isEqualTo(2);
  }

  @Test
  void reading_entries_takes_known_names_from_the_known_listing_and_looks_only_at_new_ones() throws Exception {
    Files.writeString(dir.resolve("kept.py"), "1234");
    Files.createDirectory(dir.resolve("old"));
    Files.createDirectory(dir.resolve("new"));
    Files.writeString(dir.resolve("new.py"), "abc");
    // What an earlier listing saw; "gone" has been removed since.
    TreeView.FileInfo seen = new TreeView.FileInfo(99, 7);
    TreeView.Listing known = new TreeView.Listing(List.of("gone.py", "kept.py"), List.of("old"),
        Map.of("gone.py", new TreeView.FileInfo(1, 1), "kept.py", seen));

    TreeView.Listing l = TreeView.readEntries(dir, known, Set.of());

    assertThat(l.files()).containsExactly("kept.py", "new.py");
    assertThat(l.dirs()).containsExactly("new", "old");
    assertThat(l.info().get("kept.py")).as("a known entry is not looked at again").isEqualTo(seen);
    assertThat(l.info().get("new.py").size()).isEqualTo(3);
    assertThat(l.info()).doesNotContainKey("gone.py");
  }

  @Test
  void reading_entries_looks_again_at_the_changed_names() throws Exception {
    Files.writeString(dir.resolve("kept.py"), "1234");
    TreeView.Listing known = new TreeView.Listing(List.of("kept.py"), List.of(),
        Map.of("kept.py", new TreeView.FileInfo(99, 7)));

    TreeView.Listing l = TreeView.readEntries(dir, known, Set.of("kept.py"));

    assertThat(l.info().get("kept.py").size()).isEqualTo(4);
  }
}
