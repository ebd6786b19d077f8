package dev.fastfn.console;

import dev.fastfn.config.ConsoleSettings;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Effective console flags: a run-time override (set through {@code /_fn/ui-state}) wins over the env
 * value. Overrides live in memory only and are lost on restart (security-cli-ui.md A2). Thread-safe.
 */
final class UiState {
  private final ConsoleSettings settings;
  private final Map<ConsoleFlag, Boolean> overrides = new ConcurrentHashMap<>();

  UiState(ConsoleSettings settings) {
    this.settings = settings;
  }

  ConsoleSettings settings() {
    return settings;
  }

  boolean get(ConsoleFlag flag) {
    Boolean o = overrides.get(flag);
    return o != null ? o : flag.fromEnv(settings);
  }

  void set(ConsoleFlag flag, boolean value) {
    overrides.put(flag, value);
  }

  void clear() {
    overrides.clear();
  }
}
