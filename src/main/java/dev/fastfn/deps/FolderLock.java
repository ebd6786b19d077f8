package dev.fastfn.deps;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An OS file lock per install unit, so two fastfn processes sharing a functions root never run pip
 * or npm into the same folder at once (runtimes.md §9.4.2). Lock files live in the server's data
 * folder, not in function folders. Callers already hold the unit's in-process lock, which is what
 * prevents {@code OverlappingFileLockException} within this JVM.
 */
final class FolderLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FolderLock.class);

  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Blocks until this process holds the lock for {@code key}. When the lock folder cannot be used
   * (read-only data dir), returns a no-op lock: in-process exclusion still holds.
   */
  static FolderLock acquire(Path lockDir, String key) {
    try {
      if (!Files.isDirectory(lockDir)) {
        Files.createDirectories(lockDir); // on an existing folder it costs an exception inside the JDK
      }
      Path file = lockDir.resolve(new Signature().add("unit", key).hex().substring(0, 32) + ".lock");
      FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        return new FolderLock(ch, ch.lock());
      } catch (IOException | RuntimeException e) {
        ch.close();
        throw e;
      }
    } catch (IOException e) {
      LOG.debug("unit={} no cross-process install lock in {}: {}", key, lockDir, e.toString());
      return new FolderLock(null, null);
    }
  }

  @Override
  public void close() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      LOG.debug("install lock release failed; closing the channel released it anyway: {}", e.toString());
    }
  }
}
