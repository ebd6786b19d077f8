package dev.fastfn.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner mark of a worker-program directory, and the sweep of directories whose server is gone.
 * A server that ends normally deletes its own directory; one that was killed ({@code kill -9}, a
 * crash, the machine's OOM killer) cannot, so the next server to start removes what such servers
 * left. A directory counts as left over only when its owner file names a process that no longer
 * runs, or a process with that pid that started at another time (the pid was reused). Anything
 * else is kept: a directory without a readable owner file (a server still extracting, or one of an
 * older version), a symbolic link, and another user's directory in a shared temporary folder.
 */
final class LeftoverScripts {
  private static final Logger LOG = LoggerFactory.getLogger(LeftoverScripts.class);
  static final String PREFIX = "fastfn-workers-";
  static final String OWNER_FILE = "owner";

  private LeftoverScripts() {}

  /** The owner of a directory: a process and the moment it started (null when the OS does not say). */
  record Owner(long pid, Instant started) {
    static Owner current() {
      ProcessHandle self = ProcessHandle.current();
      return new Owner(self.pid(), self.info().startInstant().orElse(null));
    }

    String render() {
      return pid + " " + (started == null ? "-" : Long.toString(started.toEpochMilli())) + "\n";
    }

    static Optional<Owner> parse(String text) {
      String[] parts = text.strip().split(" ");
      if (parts.length != 2) {
        return Optional.empty();
      }
      try {
        Instant started = parts[1].equals("-") ? null : Instant.ofEpochMilli(Long.parseLong(parts[1]));
        return Optional.of(new Owner(Long.parseLong(parts[0]), started));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    /** Whether this owner may still run: its pid is alive and, when both sides know, started then. */
    boolean mayBeAlive() {
      Optional<ProcessHandle> process = ProcessHandle.of(pid);
      if (process.isEmpty() || !process.get().isAlive()) {
        return false;
      }
      Optional<Instant> actual = process.get().info().startInstant();
      return started == null || actual.isEmpty() || actual.get().toEpochMilli() == started.toEpochMilli();
    }
  }

  /** Marks {@code dir} as this process's (written whole: a reader sees the mark or nothing). */
  static void mark(Path dir) throws IOException {
    Path tmp = dir.resolve(OWNER_FILE + ".tmp");
    Files.writeString(tmp, Owner.current().render(), StandardCharsets.US_ASCII);
    Files.move(tmp, dir.resolve(OWNER_FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Deletes the directories beside {@code own} (this server's, already marked) whose owner is gone;
   * returns how many. Never throws.
   */
  static int sweep(Path own) {
    int removed = 0;
    Path root = own.getParent();
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, PREFIX + "*")) {
      UserPrincipal me = Files.getOwner(own, LinkOption.NOFOLLOW_LINKS);
      for (Path dir : dirs) {
        if (isLeftOver(dir, me) && deleteTree(dir)) {
          removed++;
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not look for left-over worker programs in {}: {}", root, e.toString());
    }
    if (removed > 0) {
      LOG.debug("removed {} worker-program folder(s) left by servers that were killed", removed);
    }
    return removed;
  }

  private static boolean isLeftOver(Path dir, UserPrincipal me) {
    Path ownerFile = dir.resolve(OWNER_FILE);
    try {
      if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
          || !Files.isRegularFile(ownerFile, LinkOption.NOFOLLOW_LINKS)
          || !me.equals(Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS))) {
        return false;
      }
      Optional<Owner> owner = Owner.parse(Files.readString(ownerFile, StandardCharsets.US_ASCII));
      return owner.isPresent() && !owner.get().mayBeAlive();
    } catch (IOException | RuntimeException e) {
      return false; // unreadable (another user's, or being replaced): not ours to judge
    }
  }

  /** Deletes {@code dir} and everything in it; true when it is gone. */
  static boolean deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not delete {}: {}", dir, e.toString());
    }
    return !Files.exists(dir);
  }
}
