package dev.fastfn.runtime;

import dev.fastfn.config.RuntimeKind;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Starts {@code python -B fastfn_worker.py}; -B keeps {@code __pycache__} out of function folders. */
final class PythonLauncher extends Launcher {
  PythonLauncher(String binary) {
    super(binary);
  }

  @Override
  RuntimeKind runtime() {
    return RuntimeKind.PYTHON;
  }

  @Override
  List<String> command(WorkerScripts scripts, RuntimeOptions options) {
    return List.of(executable(), "-B", scripts.python().toString(),
        "--max-frame", Integer.toString(options.maxFrameBytes()),
        "--max-reply", Integer.toString(options.maxReplyBytes()));
  }

  @Override
  Map<String, String> extraEnv() {
    return Map.of("PYTHONDONTWRITEBYTECODE", "1", "PYTHONUNBUFFERED", "1", "PYTHONIOENCODING", "utf-8");
  }

  @Override
  boolean bootOnly(String key) {
    String k = key.toUpperCase(Locale.ROOT);
    return k.startsWith("PYTHON") || k.startsWith("LC_") || k.equals("LANG") || k.startsWith("LD_");
  }
}
