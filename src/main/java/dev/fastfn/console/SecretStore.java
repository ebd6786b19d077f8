package dev.fastfn.console;

import java.util.List;
import java.util.Map;

/**
 * Console secrets ({@code /_fn/secrets}): values are written, listed by key and injected into
 * functions, never returned. Implementations are thread-safe and persist across restarts. Kept small
 * so it can move into the store package later.
 */
public interface SecretStore {
  /** One stored key without its value; {@code updated} is null until the first overwrite. */
  record Info(String key, long createdEpochSeconds, Long updatedEpochSeconds) {}

  /** Keys sorted. */
  List<Info> list();

  /** Every key with its value (for injection into invocations). */
  Map<String, String> values();

  /** Creates or overwrites {@code key}. */
  void put(String key, String value);

  /** Removes {@code key}; no error when absent. */
  void delete(String key);
}
