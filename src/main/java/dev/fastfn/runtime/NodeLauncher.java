package dev.fastfn.runtime;

import dev.fastfn.config.RuntimeKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts {@code node fastfn-worker.js} through {@code /bin/sh}, which moves the protocol pipes to fds
 * 3 (out) and 4 (in) and points fd 1 at stderr and fd 0 at /dev/null before exec'ing node: Node
 * cannot dup2, and a child process spawned with {@code stdio: 'inherit'} must not write into frames.
 */
final class NodeLauncher extends Launcher {
  NodeLauncher(String binary) {
    super(binary);
  }

  @Override
  RuntimeKind runtime() {
    return RuntimeKind.NODE;
  }

  @Override
  List<String> command(WorkerScripts scripts, RuntimeOptions options) {
    return List.of("/bin/sh", "-c", "exec 3>&1 4<&0 1>&2 0</dev/null \"$0\" \"$@\"", executable(),
        scripts.node().toString(),
        "--max-frame", Integer.toString(options.maxFrameBytes()),
        "--max-reply", Integer.toString(options.maxReplyBytes()));
  }

  @Override
  Map<String, String> extraEnv() {
    return Map.of();
  }

  @Override
  boolean bootOnly(String key) {
    String k = key.toUpperCase(Locale.ROOT);
    return k.startsWith("NODE_") || k.startsWith("UV_") || k.startsWith("LC_") || k.equals("LANG")
        || k.startsWith("LD_");
  }
}
