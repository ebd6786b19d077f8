package dev.fastfn.discovery;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Results one scan worked out per folder, offered to the next scan, which checks them before use
 * (see {@link TreeView#current}). Entries the previous scan did not keep are forgotten, and so is
 * everything when the scan-wide {@code context} changes. Used by one scan at a time (scans are
 * serialized by {@link Scanner}).
 */
final class ScanMemo<V> {
  private Object context;
  private Map<Path, V> previous = new HashMap<>();
  private Map<Path, V> current = new HashMap<>();

  /** Begins a scan whose results also depend on {@code context} (compared with equals). */
  void startScan(Object context) {
    if (Objects.equals(context, this.context)) {
      previous = current;
    } else {
      previous = new HashMap<>();
      this.context = context;
    }
    current = new HashMap<>();
  }

  /** What a scan kept for {@code folder}, or null; the caller checks it still holds. */
  V get(Path folder) {
    V v = current.get(folder);
    return v != null ? v : previous.get(folder);
  }

  /** Offers {@code value} to the next scan. */
  void keep(Path folder, V value) {
    current.put(folder, value);
  }
}
