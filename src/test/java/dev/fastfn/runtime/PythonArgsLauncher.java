package dev.fastfn.runtime;

import dev.fastfn.config.RuntimeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts {@code <python> <args...>} as a Python worker process, with the protocol on stdin/stdout:
 * for the bench's bare echo worker and for tests of processes that are not the real worker script.
 */
final class PythonArgsLauncher extends Launcher {
  private final List<String> args;

  PythonArgsLauncher(String python, List<String> args) {
    super(python);
    this.args = List.copyOf(args);
  }

  @Override
  RuntimeKind runtime() {
    return RuntimeKind.PYTHON;
  }

  @Override
  List<String> command(WorkerScripts scripts, RuntimeOptions options) {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary());
    cmd.addAll(args);
    return cmd;
  }

  @Override
  Map<String, String> extraEnv() {
    return Map.of();
  }

  @Override
  boolean bootOnly(String key) {
    return false;
  }
}
