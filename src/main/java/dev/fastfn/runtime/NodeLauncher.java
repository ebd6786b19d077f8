package dev.fastfn.runtime;

import dev.fastfn.config.RuntimeKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Starts {@code node fastfn-worker.js}. */
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
    return List.of(executable(), scripts.node().toString(),
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
