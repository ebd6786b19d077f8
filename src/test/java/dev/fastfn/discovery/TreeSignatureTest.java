package dev.fastfn.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher's signature brought up to date from the entries events name must equal a full walk of
 * the same tree, or every safety check would rescan; and a change no event named must still differ.
 */
class TreeSignatureTest {
  @TempDir
  Path root;

  private TreeSignature kept;

  @BeforeEach
  void tree() throws Exception {
    write("python/hello/handler.py", "def handler(e): return 1\n");
    write("python/hello/fn.config.json", "{}");
    write("node/users/[id]/get.js", "exports.handler = () => 1;\n");
    write("node/users/node_modules/dep/index.js", "x");
    write(".fastfn/state/db", "x");
    kept = signature(CatalogWatcher.MAX_DEPTH);
    kept.full();
  }

  private TreeSignature signature(int depth) {
    return new TreeSignature(root, depth);
  }

  private Path write(String rel, String text) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, text);
  }

  private void assertSameAsFullWalk(long incremental) {
    assertThat(incremental).isEqualTo(signature(CatalogWatcher.MAX_DEPTH).full());
  }

  @Test
  void a_new_function_folder_is_read_from_the_entry_its_parent_reports() throws Exception {
    write("python/fresh/handler.py", "def handler(e): return 2\n");
    write("python/fresh/fn.config.json", "{\"timeout_ms\": 100}");
    assertSameAsFullWalk(kept.changed(List.of(root.resolve("python/fresh"))));
  }

  @Test
  void edited_added_and_removed_files_and_folders() throws Exception {
    Path handler = write("python/hello/handler.py", "def handler(e): return 'changed'\n");
    assertSameAsFullWalk(kept.changed(List.of(handler)));

    Files.setLastModifiedTime(handler, FileTime.fromMillis(1_000_000));
    assertSameAsFullWalk(kept.changed(List.of(handler)));

    Path helper = write("node/users/[id]/helper.js", "module.exports = 1;\n");
    assertSameAsFullWalk(kept.changed(List.of(helper)));

    Files.delete(helper);
    assertSameAsFullWalk(kept.changed(List.of(helper)));

    try (var files = Files.walk(root.resolve("python/hello"))) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    assertSameAsFullWalk(kept.changed(List.of(root.resolve("python/hello"))));

    Files.move(root.resolve("node/users"), root.resolve("node/people"));
    assertSameAsFullWalk(kept.changed(List.of(root.resolve("node/users"), root.resolve("node/people"))));
  }

  @Test
  void dot_files_and_ignored_folders_do_not_count() throws Exception {
    long before = kept.changed(List.of());
    Path dot = write("python/hello/.fastfn-deps-state.json", "{}");
    Path modules = write("python/hello/node_modules/x/index.js", "x");
    Path cache = write("python/hello/__pycache__/handler.pyc", "x");
    long after = kept.changed(List.of(dot, modules.getParent().getParent(), cache.getParent()));
    assertThat(after).isEqualTo(before);
    assertSameAsFullWalk(after);
  }

  @Test
  void folders_at_the_depth_limit_count_as_entries_of_their_parent_like_a_full_walk() throws Exception {
    TreeSignature shallow = signature(3);
    shallow.full();
    write("a/b/c/d/deep.txt", "x");
    Path c = root.resolve("a/b/c");
    long incremental = shallow.changed(List.of(root.resolve("a")));
    assertThat(incremental).isEqualTo(signature(3).full());
    Files.writeString(c.resolve("d/deep.txt"), "beyond the limit: no part of the signature");
    assertThat(shallow.changed(List.of(c.resolve("d")))).isEqualTo(signature(3).full());
  }

  @Test
  void a_change_no_event_named_still_differs_from_a_full_walk() throws Exception {
    write("python/hello/handler.py", "def handler(e): return 'unreported'\n");
    long incremental = kept.changed(List.of());
    assertThat(incremental).isNotEqualTo(signature(CatalogWatcher.MAX_DEPTH).full());
    assertThat(kept.full()).isNotEqualTo(incremental);
  }
}
