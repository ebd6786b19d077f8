package dev.fastfn.runtime;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The processes below a worker or tool process. {@link ProcessHandle#descendants()} reads the
 * status of every process on the machine (a millisecond or more with a few hundred workers, paid on
 * every code change); Linux lists each thread's children in {@code /proc/<pid>/task/<tid>/children},
 * so following those reads only the tree itself. Without that file (a kernel built without it, or
 * not Linux) this falls back to the JDK's walk. Like the JDK's, the answer is a snapshot: a process
 * started after it is not included.
 */
public final class ProcessTree {
  private static final Path PROC = Path.of("/proc");

  private ProcessTree() {
  }

  /** Kills every process below {@code root} (not {@code root} itself). */
  public static void destroyDescendants(ProcessHandle root) {
    descendants(root).forEach(ProcessHandle::destroyForcibly);
  }

  /** The live processes below {@code root}, parents before their children. */
  public static List<ProcessHandle> descendants(ProcessHandle root) {
    Path ownTask = PROC.resolve(Long.toString(root.pid())).resolve("task").resolve(Long.toString(root.pid()));
    if (!Files.isReadable(ownTask.resolve("children"))) {
      return root.isAlive() ? root.descendants().toList() : List.of();
    }
    List<ProcessHandle> found = new ArrayList<>();
    Set<Long> seen = new HashSet<>();
    Deque<Long> todo = new ArrayDeque<>();
    todo.add(root.pid());
    seen.add(root.pid());
    while (!todo.isEmpty()) {
      for (long child : childrenOf(todo.poll())) {
        if (seen.add(child)) { // a reused pid cannot send the walk round in circles
          ProcessHandle.of(child).ifPresent(found::add);
          todo.add(child);
        }
      }
    }
    return found;
  }

  /** Children of every thread of {@code pid}; empty when it has gone meanwhile. */
  private static List<Long> childrenOf(long pid) {
    List<Long> children = new ArrayList<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(PROC.resolve(Long.toString(pid)).resolve("task"))) {
      for (Path task : tasks) {
        readChildren(task.resolve("children")).ifPresent(children::addAll);
      }
    } catch (IOException | DirectoryIteratorException e) {
      return children; // the process (or one of its threads) exited while we looked
    }
    return children;
  }

  private static Optional<List<Long>> readChildren(Path file) {
    try {
      List<Long> pids = new ArrayList<>();
      for (String token : Files.readString(file).trim().split("\\s+")) {
        if (!token.isEmpty()) {
          pids.add(Long.parseLong(token));
        }
      }
      return Optional.of(pids);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // that thread has ended (NoSuchFileException), or an unreadable entry
    }
  }
}
