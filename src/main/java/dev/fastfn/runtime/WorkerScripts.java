package dev.fastfn.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The worker programs shipped as classpath resources, copied once per server start into a private
 * temporary directory (interpreters need real files). Deleted again by {@link #delete()}; the
 * directory carries an owner mark so that the next start removes it if this server is killed first
 * ({@link LeftoverScripts}).
 */
final class WorkerScripts {
  private static final String PYTHON = "runtime/python/fastfn_worker.py";
  private static final String NODE = "runtime/node/fastfn-worker.js";

  private final Path dir;
  private final Path python;
  private final Path node;

  private WorkerScripts(Path dir) {
    this.dir = dir;
    this.python = dir.resolve("python").resolve("fastfn_worker.py");
    this.node = dir.resolve("node").resolve("fastfn-worker.js");
  }

  static WorkerScripts extract() {
    return extractInto(() -> Files.createTempDirectory(LeftoverScripts.PREFIX));
  }

  /** The same under {@code root} instead of the system's temporary folder. */
  static WorkerScripts extract(Path root) {
    return extractInto(() -> Files.createTempDirectory(root, LeftoverScripts.PREFIX));
  }

  /** Creates a new directory for the programs (in the system's or a given temporary folder). */
  private interface NewDirectory {
    Path create() throws IOException;
  }

  /** Marks the new directory as this server's, removes its siblings whose server is gone, then copies. */
  private static WorkerScripts extractInto(NewDirectory newDirectory) {
    try {
      Path dir = newDirectory.create();
      LeftoverScripts.mark(dir);
      LeftoverScripts.sweep(dir);
      WorkerScripts s = new WorkerScripts(dir);
      copy(PYTHON, s.python);
      copy(NODE, s.node);
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract worker programs: " + e.getMessage(), e);
    }
  }

  private static void copy(String resource, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    try (InputStream in = WorkerScripts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("resource " + resource + " is missing from the classpath");
      }
      Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
      Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  Path dir() {
    return dir;
  }

  Path python() {
    return python;
  }

  Path node() {
    return node;
  }

  void delete() {
    LeftoverScripts.deleteTree(dir); // one left behind is removed by the next start
  }
}
