package dev.fastfn.runtime;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment of a worker: the allowlist of runtimes.md §6.3 taken from the server's own
 * environment, plus the runtime's extras, plus the function's {@code fn.env.json} values. Nothing
 * else of the gateway's environment (FN_ADMIN_*, FN_CONSOLE_*, FN_TRUSTED_*, database URLs, tokens)
 * reaches a handler (D9).
 *
 * <p>The process is started with that environment, and {@code load} sends it again: the worker
 * replaces its whole environment with it, which also drops what a launcher shim (pyenv, asdf) added.
 * The inherited values come from {@link ProcessBuilder#environment()}, filtered here; this class never
 * reads configuration from the environment.
 */
final class WorkerEnvironment {
  private static final Set<String> ALLOWED = Set.of(
      "PATH", "HOME", "USER", "LOGNAME", "SHELL", "TMPDIR", "TMP", "TEMP", "LANG", "TERM", "TZ",
      "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
      "SSL_CERT_FILE", "SSL_CERT_DIR", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "NODE_EXTRA_CA_CERTS",
      "PYTHONHOME", "PYTHONPATH", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "PIP_CACHE_DIR",
      "NPM_CONFIG_CACHE", "NPM_CONFIG_USERCONFIG", "NPM_CONFIG_PREFIX",
      "HOSTNAME", "SYSTEMROOT");

  private WorkerEnvironment() {}

  static boolean allowed(String key) {
    String k = key.toUpperCase(Locale.ROOT);
    return ALLOWED.contains(k) || k.startsWith("LC_");
  }

  /** The allowlisted part of {@code processEnv} (the server's environment). */
  static Map<String, String> inherited(Map<String, String> processEnv) {
    Map<String, String> out = new LinkedHashMap<>();
    processEnv.forEach((k, v) -> {
      if (allowed(k)) {
        out.put(k, v);
      }
    });
    return Map.copyOf(out);
  }

  /** Base, then runtime extras, then the function's own values (which win). */
  static Map<String, String> compose(Map<String, String> base, Map<String, String> runtimeExtras,
      Map<String, String> functionEnv) {
    Map<String, String> out = new LinkedHashMap<>(base);
    out.putAll(runtimeExtras);
    out.putAll(functionEnv);
    return out;
  }
}
