package dev.fastfn.logs;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An append-only log file rotated by size into a fixed window, the same layout the Logback files
 * use: when {@code access.log} reaches the limit it becomes {@code access.1.log}, the older ones
 * shift up to {@code access.<kept>.log}, and the oldest is deleted. Not thread-safe: one writer.
 */
final class RollingFile implements AutoCloseable {
  private final Path file;
  private final long maxBytes;
  private final int kept;
  private FileOutputStream out;
  private long size;

  RollingFile(Path file, long maxBytes, int kept) throws IOException {
    this.file = file;
    this.maxBytes = maxBytes;
    this.kept = kept;
    open();
  }

  /** Appends {@code bytes} (whole lines), rotating first when the file has reached its limit. */
  void write(byte[] bytes, int length) throws IOException {
    if (size >= maxBytes) {
      rotate();
    }
    out.write(bytes, 0, length);
    size += length;
  }

  private void open() throws IOException {
    out = new FileOutputStream(file.toFile(), true);
    size = Files.size(file);
  }

  private void rotate() throws IOException {
    out.close();
    Files.deleteIfExists(numbered(kept));
    for (int i = kept - 1; i >= 1; i--) {
      if (Files.exists(numbered(i))) {
        Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.move(file, numbered(1), StandardCopyOption.REPLACE_EXISTING);
    open();
  }

  /** {@code access.log} -> {@code access.<n>.log}. */
  private Path numbered(int n) {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".log") ? name.substring(0, name.length() - 4) : name;
    return file.resolveSibling(stem + "." + n + ".log");
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
