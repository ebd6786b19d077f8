package dev.fastfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which worker-program folders a start removes: only those whose owner process is gone. */
class LeftoverScriptsTest {
  @TempDir
  Path root;

  @Test
  void a_start_removes_the_folders_of_servers_that_are_gone_and_keeps_every_other() throws Exception {
    long deadPid = exitedPid();
    Path dead = folder("fastfn-workers-1", deadPid + " -\n");
    Path reusedPid = folder("fastfn-workers-2", new LeftoverScripts.Owner(ProcessHandle.current().pid(),
        Instant.ofEpochMilli(1_000)).render());
    Path live = folder("fastfn-workers-3", LeftoverScripts.Owner.current().render());
    Path unmarked = folder("fastfn-workers-4", null);
    Path garbled = folder("fastfn-workers-5", "not an owner\n");
    Path otherName = folder("something-else", deadPid + " -\n");
    Path elsewhere = folder("elsewhere", deadPid + " -\n");
    Path link = Files.createSymbolicLink(root.resolve("fastfn-workers-6"), elsewhere);

    WorkerScripts scripts = WorkerScripts.extract(root);
    try {
      assertThat(dead).doesNotExist();
      assertThat(reusedPid).as("a pid now used by a process that started later").doesNotExist();
      assertThat(live).exists();
      assertThat(unmarked).as("still being extracted, or an older server's").exists();
      assertThat(garbled).exists();
      assertThat(otherName).exists();
      assertThat(link).as("a link is not followed").exists();
      assertThat(elsewhere.resolve("owner")).exists();
      assertThat(scripts.python()).isRegularFile();
      assertThat(scripts.node()).isRegularFile();
      assertThat(LeftoverScripts.Owner.parse(Files.readString(scripts.dir().resolve("owner"))))
          .contains(LeftoverScripts.Owner.current());
      assertThat(LeftoverScripts.sweep(scripts.dir())).as("its own folder is kept").isZero();
    } finally {
      scripts.delete();
    }
    assertThat(scripts.dir()).doesNotExist();
  }

  @Test
  void an_owner_mark_reads_back_as_written() {
    LeftoverScripts.Owner withStart = new LeftoverScripts.Owner(42, Instant.ofEpochMilli(1_700_000_000_123L));
    LeftoverScripts.Owner withoutStart = new LeftoverScripts.Owner(43, null);
    assertThat(LeftoverScripts.Owner.parse(withStart.render())).contains(withStart);
    assertThat(LeftoverScripts.Owner.parse(withoutStart.render())).contains(withoutStart);
    assertThat(LeftoverScripts.Owner.parse("")).isEmpty();
    assertThat(LeftoverScripts.Owner.parse("12 x")).isEmpty();
    assertThat(LeftoverScripts.Owner.parse("12 34 56")).isEmpty();
  }

  private Path folder(String name, String owner) throws IOException {
    Path dir = Files.createDirectories(root.resolve(name).resolve("python"));
    Files.writeString(dir.resolve("fastfn_worker.py"), "# left over\n");
    if (owner != null) {
      Files.writeString(root.resolve(name).resolve("owner"), owner, StandardCharsets.US_ASCII);
    }
    return root.resolve(name);
  }

  /** The pid of a process that has ended (a pid the OS has not handed out again since). */
  private static long exitedPid() throws Exception {
    for (int attempt = 0; attempt < 10; attempt++) {
      Process p = new ProcessBuilder("true").start();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      if (ProcessHandle.of(p.pid()).isEmpty()) {
        return p.pid();
      }
    }
    throw new IllegalStateException("no exited pid found");
  }
}
