package dev.fastfn.discovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One cheap read that settles "this small file never mentions X", so line-by-line parsers (handler
 * hints, inline requirements, import checks) can skip the usual file that has nothing for them.
 */
public final class FileHead {
  private FileHead() {}

  /**
   * False only when {@code file} is shorter than {@code limit} bytes and contains none of
   * {@code words} (compared byte for byte, so ASCII words); true when it may, including when the file
   * is longer or cannot be read (the caller's real read then decides or reports).
   */
  public static boolean mayMention(Path file, int limit, String... words) {
    byte[] head;
    try (var in = Files.newInputStream(file)) {
      head = in.readNBytes(limit);
    } catch (IOException e) {
      return true;
    }
    if (head.length >= limit) {
      return true;
    }
    String text = new String(head, StandardCharsets.ISO_8859_1);
    for (String w : words) {
      if (text.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
