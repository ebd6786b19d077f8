package dev.fastfn.deps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportScanServerTest {
  @TempDir
  Path dir;

  @Test
  void the_long_lived_scanner_outlives_a_group_signal_and_keeps_answering() throws Exception {
    Path first = Files.writeString(dir.resolve("handler.py"), "import os\nimport requests\n");
    Path second = Files.writeString(dir.resolve("other.py"), "from yaml import safe_load\n");
    try (ImportScanServer server = new ImportScanServer("python3", PythonImports.SCRIPT, System.getenv(),
        Duration.ofSeconds(30))) {
      assertThat(server.scan(List.of(first)).imports()).containsExactly("requests");
      ProcessHandle scanner = scanner();
      // What Ctrl-C and a service stop send to the whole process group; the server stops it itself.
      for (String signal : List.of("-INT", "-TERM")) {
        assertThat(new ProcessBuilder("kill", signal, Long.toString(scanner.pid())).start().waitFor()).isZero();
      }
      ImportScanServer.Answer next = server.scan(List.of(second)); // not cached: the scanner must answer
      assertThat(next).isNotNull();
      assertThat(next.imports()).containsExactly("yaml");
      assertThat(scanner.isAlive()).isTrue();
      assertThat(scanner().pid()).isEqualTo(scanner.pid());
    }
  }

  private static ProcessHandle scanner() {
    return ProcessHandle.current().children()
        .filter(h -> h.info().arguments().map(a -> List.of(a).contains("--serve")).orElse(false))
        .findFirst()
        .orElseThrow();
  }
}
