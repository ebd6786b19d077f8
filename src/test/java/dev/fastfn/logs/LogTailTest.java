package dev.fastfn.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogTailTest {
  @TempDir
  Path dir;

  @Test
  void drops_empty_lines_and_keeps_the_last_n() throws Exception {
    Path f = dir.resolve("runtime.log");
    Files.writeString(f, "a\n\nb\r\nc\n");
    assertThat(LogTail.last(f, 2, LogFilter.NONE)).containsExactly("b", "c");
    assertThat(LogTail.last(f, 10, LogFilter.NONE)).containsExactly("a", "b", "c");
  }

  @Test
  void reads_only_the_last_window_and_drops_its_partial_first_line() throws Exception {
    Path f = dir.resolve("big.log");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 30_000; i++) {
      sb.append("line-").append(i).append('\n');
    }
    Files.writeString(f, sb);
    List<String> all = LogTail.last(f, LogTail.MAX_LINES, LogFilter.NONE);
    assertThat(all).hasSize(LogTail.MAX_LINES).last().isEqualTo("line-29999");
    List<String> window = LogTail.last(f, Integer.MAX_VALUE, LogFilter.NONE);
    assertThat(window.get(0)).matches("line-\\d+");
    assertThat(String.join("\n", window).length()).isLessThanOrEqualTo(LogTail.WINDOW_BYTES);
  }

  @ParameterizedTest
  @CsvSource(nullValues = "NULL", value = {"NULL,200", "'',200", "abc,200", "0,1", "-5,1", "50,50", "2000,2000",
      "99999,2000", "99999999999999,2000"})
  void lines_parameter_is_clamped(String raw, int expected) {
    assertThat(LogTail.clampLines(raw)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "[python] [fn:hello@default stdout] hi | python | NULL  | NULL    | all    | true",
      "[python] [fn:hello@default stdout] hi | node   | NULL  | NULL    | all    | false",
      "[python] [fn:hello@default stdout] hi | NULL   | hello | default | stdout | true",
      "[python] [fn:hello@default stdout] hi | NULL   | hell  | NULL    | all    | false",
      "[python] [fn:hello@v2 stderr] oops    | NULL   | hello | v2      | stderr | true",
      "[python] [fn:hello@v2 stderr] oops    | NULL   | NULL  | v2      | stdout | false",
      "GET /hello 200 12B 3ms                | NULL   | NULL  | NULL    | all    | true",
  })
  void filters_match_the_reference_substrings(String line, String runtime, String fn, String version, String stream,
      boolean kept) {
    LogFilter f = new LogFilter(runtime, fn, version, LogFilter.Stream.parse(stream));
    assertThat(f.test(line)).isEqualTo(kept);
  }
}
