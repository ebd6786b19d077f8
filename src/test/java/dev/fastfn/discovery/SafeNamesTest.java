package dev.fastfn.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeNamesTest {
  @ParameterizedTest
  @ValueSource(strings = {"greet", "api/users", "my_fn", "a-b/c_d/e", "V2"})
  void valid_function_names_pass(String name) {
    assertThat(SafeNames.isFunctionName(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "/abs", "a//b", "a/", "../x", "a/../b", "a.b", "_private", "a/_fn", "sp ace", "a\\b",
      "café"})
  void unsafe_function_names_fail(String name) {
    assertThat(SafeNames.isFunctionName(name)).isFalse();
  }

  @Test
  void versions_are_single_safe_labels() {
    assertThat(SafeNames.isVersion("v2")).isTrue();
    assertThat(SafeNames.isVersion("1.0.3")).isTrue();
    assertThat(SafeNames.isVersion("beta_1-x")).isTrue();
    assertThat(SafeNames.isVersion(".")).isFalse();
    assertThat(SafeNames.isVersion("..")).isFalse();
    assertThat(SafeNames.isVersion(".hidden")).isFalse();
    assertThat(SafeNames.isVersion("_v")).isFalse();
    assertThat(SafeNames.isVersion("v/2")).isFalse();
    assertThat(SafeNames.isVersion("")).isFalse();
    assertThat(SafeNames.isVersion(null)).isFalse();
  }

  @Test
  void file_targets_are_relative_handler_paths() {
    assertThat(SafeNames.isFileTarget("items/[id].js")).isTrue();
    assertThat(SafeNames.isFileTarget("get.hello.py")).isTrue();
    assertThat(SafeNames.isFileTarget("blog/[...slug].py")).isTrue();
    assertThat(SafeNames.isFileTarget("hello")).isFalse();
    assertThat(SafeNames.isFileTarget("/abs.py")).isFalse();
    assertThat(SafeNames.isFileTarget("a/../b.py")).isFalse();
    assertThat(SafeNames.isFileTarget("a//b.py")).isFalse();
    assertThat(SafeNames.isFileTarget("./b.py")).isFalse();
    assertThat(SafeNames.isFileTarget("a\\b.py")).isFalse();
  }

  @Test
  void file_paths_follow_the_console_rule() {
    assertThat(SafeNames.isFilePath("handler.py")).isTrue();
    assertThat(SafeNames.isFilePath("lib/my file [1].js")).isTrue();
    assertThat(SafeNames.isFilePath("../etc/passwd")).isFalse();
    assertThat(SafeNames.isFilePath("a/..b")).isFalse();
    assertThat(SafeNames.isFilePath("/etc/passwd")).isFalse();
    assertThat(SafeNames.isFilePath("a\0b")).isFalse();
    assertThat(SafeNames.isFilePath("a/$(x)")).isFalse();
    assertThat(SafeNames.isRelativePath("C:/x")).isFalse();
    assertThat(SafeNames.isIdentifier("main")).isTrue();
    assertThat(SafeNames.isIdentifier("1x")).isFalse();
  }

  @Test
  void resolve_inside_refuses_traversal_and_symlink_escapes(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("fn"));
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "s");
    Files.createSymbolicLink(dir.resolve("link"), outside);
    Files.createDirectories(dir.resolve("real"));
    Files.createSymbolicLink(dir.resolve("inner"), dir.resolve("real"));

    assertThat(SafeNames.resolveInside(dir, "handler.py")).contains(dir.toAbsolutePath().resolve("handler.py"));
    assertThat(SafeNames.resolveInside(dir, "new/dir/file.js")).isPresent();
    assertThat(SafeNames.resolveInside(dir, "inner/x.js")).isPresent();
    assertThat(SafeNames.resolveInside(dir, "link/secret.txt")).isEmpty();
    assertThat(SafeNames.resolveInside(dir, "link/new.txt")).isEmpty();
    assertThat(SafeNames.resolveInside(dir, "../outside/secret.txt")).isEmpty();
    assertThat(SafeNames.resolveInside(dir, "/etc/passwd")).isEmpty();
    assertThat(SafeNames.resolveInside(dir, "")).isEmpty();
  }
}
