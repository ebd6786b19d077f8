package dev.fastfn.discovery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Whole-file writes that readers never see half-done: write a temp file in the same folder, fsync,
 * then rename over the target. The temp name starts with '.' so discovery ignores it. A symlink at the
 * target is refused (a write must never follow a link out of the function folder). Used for every
 * file fastfn writes into the functions tree or its data dir.
 */
public final class AtomicFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private AtomicFiles() {}

  public static void write(Path target, byte[] content) throws IOException {
    write(target, content, false, true);
  }

  /** Like {@link #write(Path, byte[])} but the file is readable by its owner only (0600). */
  public static void writePrivate(Path target, byte[] content) throws IOException {
    write(target, content, true, true);
  }

  /**
   * Like {@link #write(Path, byte[])} without the fsync, for files fastfn derives and can rebuild
   * (dependency state): readers still never see a half-written file, but after a power loss the file
   * may be old or empty, so readers must treat an unreadable file as absent. Saves a disk flush on
   * paths that cold starts wait for.
   */
  public static void writeDerived(Path target, byte[] content) throws IOException {
    write(target, content, false, false);
  }

  /**
   * A fresh name in {@code dir} for a temp file or folder: {@code .<stem>-<random hex>}. The leading
   * '.' keeps it out of discovery and the watcher's reports.
   */
  public static Path hiddenSibling(Path dir, String stem) {
    return dir.resolve("." + stem + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
  }

  private static void write(Path target, byte[] content, boolean ownerOnly, boolean durable) throws IOException {
    if (Files.isSymbolicLink(target)) {
      throw new SymlinkTarget(target);
    }
    Path dir = target.getParent();
    Path tmp = hiddenSibling(dir, target.getFileName() + ".tmp");
    boolean moved = false;
    try {
      if (ownerOnly && supportsPosix(dir)) {
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(tmp);
      }
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        var buf = java.nio.ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (durable) {
          ch.force(true);
        }
      }
      if (!ownerOnly && Files.exists(target, LinkOption.NOFOLLOW_LINKS) && supportsPosix(dir)) {
        // keep the permissions the user gave the file (e.g. an executable helper)
        Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      moved = true;
    } catch (FileAlreadyExistsException e) {
      throw new IOException("temporary file collision for " + target.getFileName(), e);
    } finally {
      if (!moved) {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /** The write target is a symlink; callers answer 400 (the client asked for something unsafe). */
  public static final class SymlinkTarget extends IOException {
    private static final long serialVersionUID = 1L;

    SymlinkTarget(Path target) {
      super("symlink target is not allowed: " + target.getFileName());
    }
  }

  private static boolean supportsPosix(Path dir) {
    return dir.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
