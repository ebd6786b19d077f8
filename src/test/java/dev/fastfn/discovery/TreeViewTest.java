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
  void looking_again_at_named_entries_keeps_every_other_entry_as_listed() throws Exception {
    Files.writeString(dir.resolve("kept.py"), "1234");
    Files.createDirectory(dir.resolve("new"));
    Files.writeString(dir.resolve("new.py"), "abc");
    Files.writeString(dir.resolve("unnamed.py"), "not looked at");
    // What an earlier listing saw; "gone.py" and "old" have been removed since.
    TreeView.FileInfo seen = new TreeView.FileInfo(99, 7);
    TreeView.Listing known = new TreeView.Listing(List.of("gone.py", "kept.py"), List.of("old"),
        Map.of("gone.py", new TreeView.FileInfo(1, 1), "kept.py", seen));

    TreeView.Listing l = known.withEntries(dir, Set.of("gone.py", "old", "new", "new.py"));

    assertThat(l.files()).containsExactly("kept.py", "new.py");
    assertThat(l.dirs()).containsExactly("new");
    assertThat(l.info().get("kept.py")).as("an entry not named is not looked at").isEqualTo(seen);
    assertThat(l.info().get("new.py").size()).isEqualTo(3);
    assertThat(l.info()).doesNotContainKey("gone.py");
    assertThat(known.sameEntries(l, Set.of("kept.py", "unnamed.py"))).isTrue();
    assertThat(known.sameEntries(l, Set.of("new"))).isFalse();
  }

  @Test
  void a_named_entry_that_changed_is_read_again_and_one_that_did_not_leaves_the_listing_as_it_was()
      throws Exception {
    Files.writeString(dir.resolve("kept.py"), "1234");
    Files.writeString(dir.resolve("same.py"), "1");
    TreeView.Listing read = TreeView.read(dir);
    TreeView.Listing known = new TreeView.Listing(read.files(), read.dirs(),
        Map.of("kept.py", new TreeView.FileInfo(99, 7), "same.py", read.info().get("same.py")));

    assertThat(known.withEntries(dir, Set.of("kept.py")).info().get("kept.py").size()).isEqualTo(4);
    assertThat(known.withEntries(dir, Set.of("same.py"))).isSameAs(known);
    assertThat(known.withEntries(dir, Set.of())).isSameAs(known);
  }

  @Test
  void a_dot_entry_is_kept_up_to_date_but_does_not_count_as_a_change() throws Exception {
    TreeView.Listing before = TreeView.read(dir);
    Files.writeString(dir.resolve(".handler.py.tmp"), "x");

    TreeView.Listing after = before.withEntries(dir, Set.of(".handler.py.tmp"));

    assertThat(after.files()).containsExactly(".handler.py.tmp");
    assertThat(before.sameEntries(after, Set.of(".handler.py.tmp"))).isTrue();
    assertThat(before.sameAsSeenBy(after)).isTrue();
  }

  @Test
  void listings_compare_by_visible_names_sizes_and_mtimes_with_dot_entries_anywhere() {
    TreeView.FileInfo one = new TreeView.FileInfo(1, 1);
    TreeView.Listing base = new TreeView.Listing(List.of(".a.tmp", "b.py", "c.py"), List.of(".git", "d"),
        Map.of(".a.tmp", one, "b.py", one, "c.py", one));

    assertThat(base.sameAsSeenBy(new TreeView.Listing(List.of("b.py", "c.py", ".z.tmp"), List.of("d"),
        Map.of("b.py", one, "c.py", one, ".z.tmp", new TreeView.FileInfo(5, 5))))).isTrue();
    assertThat(base.sameAsSeenBy(new TreeView.Listing(List.of("b.py", "c.py"), List.of(".git", "d"),
        Map.of("b.py", one, "c.py", new TreeView.FileInfo(1, 2))))).as("mtime").isFalse();
    assertThat(base.sameAsSeenBy(new TreeView.Listing(List.of("b.py"), List.of("d"),
        Map.of("b.py", one)))).as("a file fewer").isFalse();
    assertThat(base.sameAsSeenBy(new TreeView.Listing(List.of("b.py", "c.py", "e.py"), List.of("d"),
        Map.of("b.py", one, "c.py", one, "e.py", one)))).as("a file more").isFalse();
    assertThat(base.sameAsSeenBy(new TreeView.Listing(List.of("b.py", "c.py"), List.of("d", "e"),
        Map.of("b.py", one, "c.py", one)))).as("a folder more").isFalse();
    assertThat(base.sameAsSeenBy(new TreeView.Listing(List.of("b.py", "c.py"), List.of(),
        Map.of("b.py", one, "c.py", one)))).as("a folder fewer").isFalse();
  }

  @Test
  void file_kinds_are_those_of_the_path_itself_and_a_missing_path_is_neither() throws Exception {
    Path file = Files.writeString(dir.resolve("f.py"), "x");
    Path folder = Files.createDirectory(dir.resolve("d"));
    Path fileLink = Files.createSymbolicLink(dir.resolve("link.py"), file);
    Path folderLink = Files.createSymbolicLink(dir.resolve("linkdir"), folder);
    Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nothing"));

    assertThat(FileKinds.isFile(file)).isTrue();
    assertThat(FileKinds.isDirectory(folder)).isTrue();
    assertThat(FileKinds.isFile(folder)).isFalse();
    assertThat(FileKinds.isDirectory(file)).isFalse();
    for (Path p : List.of(fileLink, folderLink, dangling, dir.resolve("missing"))) {
      assertThat(FileKinds.isFile(p)).as(p.toString()).isFalse();
      assertThat(FileKinds.isDirectory(p)).as(p.toString()).isFalse();
    }
    assertThat(FileKinds.attributes(dangling).isSymbolicLink()).isTrue();
    assertThat(FileKinds.attributes(dir.resolve("missing"))).isNull();
  }
}
