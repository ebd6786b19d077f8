package dev.fastfn.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fastfn.discovery.FunctionEnvFile.EnvEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionEnvFileTest {
  @TempDir
  Path dir;

  @Test
  void a_missing_file_is_empty() throws IOException {
    assertThat(FunctionEnvFile.read(dir.resolve("fn.env.json"))).isEmpty();
  }

  @Test
  void write_then_read_round_trips_in_order() throws IOException {
    Path f = dir.resolve("fn.env.json");
    Map<String, EnvEntry> in = new LinkedHashMap<>();
    in.put("B", new EnvEntry("two", false));
    in.put("A", new EnvEntry("k-1", true));

    FunctionEnvFile.write(f, in);

    assertThat(FunctionEnvFile.read(f)).containsExactlyEntriesOf(in);
    assertThat(Files.readString(f)).isEqualTo("""
        {
          "B" : "two",
          "A" : {
            "value" : "k-1",
            "is_secret" : true
          }
        }
        """);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(f); // no temp file left behind
    }
  }

  @Test
  void malformed_files_raise_an_error_naming_the_problem() throws IOException {
    Path f = dir.resolve("fn.env.json");
    Files.writeString(f, "{\"A\": ");
    assertThatThrownBy(() -> FunctionEnvFile.read(f)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("invalid JSON: ");
    Files.writeString(f, "[1]");
    assertThatThrownBy(() -> FunctionEnvFile.read(f)).isInstanceOf(IOException.class)
        .hasMessage("must be a JSON object");
  }

  @Test
  void writing_through_a_symlink_is_refused(@TempDir Path other) throws IOException {
    Path target = Files.writeString(other.resolve("t.json"), "{}");
    Path link = Files.createSymbolicLink(dir.resolve("fn.env.json"), target);

    assertThatThrownBy(() -> FunctionEnvFile.write(link, Map.of())).hasMessage("symlink target is not allowed");
    assertThat(FunctionEnvFile.read(link)).isEmpty();
    assertThat(Files.readString(target)).isEqualTo("{}");
  }
}
