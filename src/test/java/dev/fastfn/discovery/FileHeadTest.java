package dev.fastfn.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHeadTest {
  @TempDir Path tmp;

  @Test
  void only_a_short_readable_file_without_the_words_is_settled() throws Exception {
    Path quiet = Files.writeString(tmp.resolve("a.py"), "def handler(event):\n    return {}\n");
    Path importing = Files.writeString(tmp.resolve("b.py"), "import json\n");
    Path longFile = Files.writeString(tmp.resolve("c.py"), "x = 1\n".repeat(100));

    assertThat(FileHead.mayMention(quiet, 1024, "import", "require")).isFalse();
    assertThat(FileHead.mayMention(importing, 1024, "require", "import")).isTrue();
    assertThat(FileHead.mayMention(longFile, 64, "import")).isTrue(); // beyond the limit: not settled
    assertThat(FileHead.mayMention(tmp.resolve("missing.py"), 1024, "import")).isTrue();
  }
}
