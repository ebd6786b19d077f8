package dev.fastfn.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker programs shipped as classpath resources, copied once per server start into a private
 * temporary directory (interpreters need real files). Deleted again by {@link #delete()}.
 */
final class WorkerScripts {
  private static final Logger LOG = LoggerFactory.getLogger(WorkerScripts.class);
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
    try {
      Path dir = Files.createTempDirectory("fastfn-workers-");
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
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}: {}", dir, e.toString()); // a leftover temp dir is harmless
    }
  }
}
