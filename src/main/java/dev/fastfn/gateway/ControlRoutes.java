package dev.fastfn.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Table of control-plane endpoints, filled once at startup by each package (console, jobs, openapi...)
 * and then read-only. Exact paths win over prefixes; the longest prefix wins.
 *
 * <p>Endpoints registered with {@link #registerFallback} (like {@code /docs}) are only used when no
 * user function owns the path.
 */
public final class ControlRoutes {
  private final Map<String, ControlHandler> exact = new HashMap<>();
  private final List<Map.Entry<String, ControlHandler>> prefixes = new ArrayList<>();
  private final Map<String, ControlHandler> fallbacks = new HashMap<>();
  private boolean sealed;

  /** Registers an exact path such as {@code /_fn/health}. */
  public ControlRoutes register(String path, ControlHandler handler) {
    checkOpen();
    if (exact.putIfAbsent(path, handler) != null) {
      throw new IllegalStateException("control path registered twice: " + path);
    }
    return this;
  }

  /** Registers every path below {@code prefix} (which must end with "/"), e.g. {@code /_fn/jobs/}. */
  public ControlRoutes registerPrefix(String prefix, ControlHandler handler) {
    checkOpen();
    if (!prefix.endsWith("/")) {
      throw new IllegalArgumentException("prefix must end with /: " + prefix);
    }
    prefixes.add(Map.entry(prefix, handler));
    prefixes.sort((a, b) -> b.getKey().length() - a.getKey().length());
    return this;
  }

  /** A public path served only when no function route claims it (D6: {@code /docs}). */
  public ControlRoutes registerFallback(String path, ControlHandler handler) {
    checkOpen();
    fallbacks.put(path, handler);
    return this;
  }

  void seal() {
    sealed = true;
  }

  private void checkOpen() {
    if (sealed) {
      throw new IllegalStateException("control routes are fixed once the server has started");
    }
  }

  /** A matched endpoint with the rest of the path after its prefix. */
  record Hit(ControlHandler handler, String subPath) {}

  Hit find(String path) {
    ControlHandler h = exact.get(path);
    if (h != null) {
      return new Hit(h, "");
    }
    for (var e : prefixes) {
      if (path.startsWith(e.getKey())) {
        return new Hit(e.getValue(), path.substring(e.getKey().length()));
      }
    }
    return null;
  }

  Hit fallback(String path) {
    ControlHandler h = fallbacks.get(path);
    return h == null ? null : new Hit(h, "");
  }
}
