package dev.fastfn.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads the end of a log file: the last {@link #WINDOW_BYTES} bytes, split on newlines, empty lines
 * dropped, a partial first line dropped when the window starts mid-file, then filtered, then the
 * last {@code n} kept (platform.md §7). Stateless; safe while the file is being appended to.
 */
public final class LogTail {
  public static final int WINDOW_BYTES = 256 * 1024;
  public static final int MAX_LINES = 2000;
  public static final int DEFAULT_LINES = 200;

  private LogTail() {}

  public static List<String> last(Path file, int n, Predicate<String> filter) throws IOException {
    String text;
    boolean cut;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long start = Math.max(0, size - WINDOW_BYTES);
      cut = start > 0;
      ByteBuffer buf = ByteBuffer.allocate((int) (size - start));
      long pos = start;
      while (buf.hasRemaining()) {
        int read = ch.read(buf, pos);
        if (read < 0) {
          break;
        }
        pos += read;
      }
      text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
    }
    String[] parts = text.split("\n", -1);
    List<String> kept = new ArrayList<>();
    for (int i = cut ? 1 : 0; i < parts.length; i++) {
      String line = parts[i].endsWith("\r") ? parts[i].substring(0, parts[i].length() - 1) : parts[i];
      if (!line.isEmpty() && filter.test(line)) {
        kept.add(line);
      }
    }
    int from = Math.max(0, kept.size() - Math.max(1, n));
    return List.copyOf(kept.subList(from, kept.size()));
  }

  /** {@code lines} parameter: numeric, clamped to 1..2000; anything else is the default. */
  public static int clampLines(String raw) {
    if (raw == null || raw.isBlank()) {
      return DEFAULT_LINES;
    }
    try {
      long v = Long.parseLong(raw.trim());
      return (int) Math.max(1, Math.min(MAX_LINES, v));
    } catch (NumberFormatException e) {
      return DEFAULT_LINES;
    }
  }
}
