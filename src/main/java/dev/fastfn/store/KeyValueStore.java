package dev.fastfn.store;

import java.util.Map;
import java.util.Optional;

/**
 * Small durable strings by namespace and key (console ui-state, secrets). Not for large or
 * high-volume data. Values are stored as given; callers encrypt what must not sit in clear text.
 */
public interface KeyValueStore {
  Optional<String> get(String namespace, String key);

  void put(String namespace, String key, String value);

  /** Returns true when the key existed. */
  boolean delete(String namespace, String key);

  /** Every entry of a namespace, sorted by key. */
  Map<String, String> all(String namespace);
}
