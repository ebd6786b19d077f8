package dev.fastfn.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Micro-benchmark of a console write's rescan alone (no HTTP, no workers): a tree of {@code n}
 * runtime-scoped functions (half of them with an {@code fn.config.json}), then {@code rounds} writes,
 * each rescanned as the console does ({@link CatalogHolder#rescanAfterWriting}): new functions
 * ({@code create}, the default) or new code for the existing ones in turn ({@code code}). Prints the
 * rescan time of the first 20 writes and of the second half. Not a test; run by hand:
 *
 * <pre>
 * ./mvnw -q -B -o test-compile
 * ./mvnw -q -B dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -cp target/classes:target/test-classes:$(cat target/cp.txt) dev.fastfn.discovery.RescanBench [n] [rounds] [create|code]
 * </pre>
 */
public final class RescanBench {
  private RescanBench() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    boolean code = args.length > 2 && args[2].equals("code");
    Path root = Files.createTempDirectory("fastfn-rescan-").resolve("functions");
    for (int i = 0; i < n; i++) {
      boolean python = i % 2 == 0;
      Path dir = root.resolve(python ? "python" : "node").resolve("base" + i);
      TestTrees.write(dir, python ? "handler.py" : "handler.js", python ? TestTrees.PY : TestTrees.JS);
      if (i % 4 < 2) {
        TestTrees.write(dir, "fn.config.json", Scanner.SAMPLE_CONFIG);
      }
    }
    CatalogHolder holder = new CatalogHolder(new Scanner(TestTrees.config(root, Map.of())));
    holder.trackChanges(true); // as the watcher does once the tree is registered
    holder.rescan();
    long[] micros = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      Path dir;
      if (code) {
        int i = r % n;
        boolean python = i % 2 == 0;
        dir = root.resolve(python ? "python" : "node").resolve("base" + i);
        TestTrees.write(dir, python ? "handler.py" : "handler.js",
            (python ? TestTrees.PY + "# round " : TestTrees.JS + "// round ") + r + "\n");
      } else {
        dir = root.resolve("python").resolve("new" + r);
        TestTrees.write(dir, "handler.py", TestTrees.PY);
        TestTrees.write(dir, "fn.config.json", Scanner.SAMPLE_CONFIG);
      }
      long t0 = System.nanoTime();
      holder.rescanAfterWriting(dir);
      micros[r] = (System.nanoTime() - t0) / 1_000;
    }
    long[] first = Arrays.copyOf(micros, Math.min(20, rounds));
    long[] last = Arrays.copyOfRange(micros, rounds / 2, rounds);
    Arrays.sort(first);
    Arrays.sort(last);
    System.out.printf("rescan after a %s, %d functions growing to %d: first %d p50 %d us | second half p50 %d us,"
        + " p90 %d us%n", code ? "code write" : "create", n, code ? n : n + rounds, first.length, first[first.length / 2], last[last.length / 2],
        last[last.length * 9 / 10]);
  }
}
