package dev.fastfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real processes: a shell with a child shell and grandchildren, found and killed through /proc. */
class ProcessTreeTest {
  private Process root;

  @AfterEach
  void cleanUp() {
    if (root != null) {
      root.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      root.destroyForcibly();
    }
  }

  @Test
  void finds_children_and_grandchildren_like_the_jdk_walk() throws Exception {
    // "; :" keeps each shell from exec-ing its last command, so the tree really has three levels
    root = new ProcessBuilder("sh", "-c", "sh -c 'sleep 30 & sleep 30; :' & sleep 30; :").start();
    await().atMost(Duration.ofSeconds(10)).until(() -> root.toHandle().descendants().count() == 4);

    List<Long> ours = ProcessTree.descendants(root.toHandle()).stream().map(ProcessHandle::pid).sorted().toList();
    List<Long> jdk = root.toHandle().descendants().map(ProcessHandle::pid).sorted().toList();

    assertThat(ours).hasSize(4).isEqualTo(jdk);
  }

  @Test
  void destroys_every_descendant_and_leaves_the_root_running() throws Exception {
    // the root waits on its stdin, so it outlives its children
    root = new ProcessBuilder("sh", "-c", "sh -c 'sleep 30; :' & sleep 30 & read line").start();
    await().atMost(Duration.ofSeconds(10)).until(() -> root.toHandle().descendants().count() == 3);
    List<ProcessHandle> below = root.toHandle().descendants().toList();

    ProcessTree.destroyDescendants(root.toHandle());

    await().atMost(Duration.ofSeconds(10)).until(() -> below.stream().allMatch(ProcessTreeTest::ended));
    assertThat(root.isAlive()).isTrue();
  }

  /** Exited: gone, or a zombie its parent (the root, busy reading) has not collected yet. */
  private static boolean ended(ProcessHandle p) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return true;
    }
  }

  @Test
  void a_process_that_has_exited_has_no_descendants() throws Exception {
    root = new ProcessBuilder("true").start();
    root.waitFor();

    assertThat(ProcessTree.descendants(root.toHandle())).isEmpty();
  }
}
