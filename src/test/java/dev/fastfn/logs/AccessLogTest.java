package dev.fastfn.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log's lines, its batching thread and its size-based rotation, on real files. */
class AccessLogTest {
  private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d)";

  @TempDir
  Path dir;

  @Test
  void writes_one_line_per_request_in_order_once_synced() throws Exception {
    Path file = dir.resolve("access.log");
    try (AccessLog log = AccessLog.open(file, 1 << 20, 5, "test-access")) {
      log.record("GET", "/hello", 200, 27, 3);
      log.record("POST", "/caf\u00e9/x", 404, 0, 0);
      log.sync(2000);
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).matches(TIME + " GET /hello 200 27B 3ms");
      assertThat(lines.get(1)).matches(TIME + " POST /caf\u00e9/x 404 0B 0ms");
    }
  }

  @Test
  void appends_to_an_existing_file_and_close_writes_what_is_queued() throws Exception {
    Path file = dir.resolve("access.log");
    Files.writeString(file, "earlier line\n");
    AccessLog log = AccessLog.open(file, 1 << 20, 5, "test-access");
    for (int i = 0; i < 1000; i++) {
      log.record("GET", "/n/" + i, 200, i, 1);
    }
    log.close();
    log.record("GET", "/after-close", 200, 1, 1); // dropped, never blocks
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(1001).first().isEqualTo("earlier line");
    assertThat(lines.get(1000)).endsWith(" GET /n/999 200 999B 1ms");
  }

  @Test
  void rotates_by_size_into_a_fixed_window_newest_first() throws Exception {
    Path file = dir.resolve("access.log");
    try (AccessLog log = AccessLog.open(file, 200, 2, "test-access")) {
      for (int i = 0; i < 40; i++) {
        log.record("GET", "/r/" + i, 200, 1, 1);
        log.sync(2000); // one batch per line, so each write may rotate
      }
    }
    assertThat(dir.resolve("access.1.log")).exists();
    assertThat(dir.resolve("access.2.log")).exists();
    assertThat(dir.resolve("access.3.log")).doesNotExist();
    List<Integer> kept = new ArrayList<>();
    for (String name : List.of("access.2.log", "access.1.log", "access.log")) {
      Path f = dir.resolve(name);
      assertThat(Files.size(f)).isLessThanOrEqualTo(200 + 80); // the limit is checked before each write
      for (String line : Files.readAllLines(f)) {
        kept.add(Integer.parseInt(line.replaceAll(".* GET /r/(\\d+) .*", "$1")));
      }
    }
    // oldest file first, and the lines run on without a gap up to the last one
    assertThat(kept).isSorted().last().isEqualTo(39);
    assertThat(kept.get(kept.size() - 1) - kept.get(0)).isEqualTo(kept.size() - 1);
    assertThat(kept.get(0)).isGreaterThan(0);
  }

  @Test
  void off_records_nothing() {
    AccessLog.OFF.record("GET", "/x", 200, 1, 1);
    AccessLog.OFF.sync(10);
    AccessLog.OFF.close();
    assertThat(dir).isEmptyDirectory();
  }
}
