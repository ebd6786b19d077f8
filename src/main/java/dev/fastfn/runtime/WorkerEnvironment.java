package dev.fastfn.runtime;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The environment a worker process starts with: the allowlist of runtimes.md §6.3 taken from the
 * server's own environment, plus the runtime's extras, plus the function's {@code fn.env.json}
 * values. Nothing else of the gateway's environment (FN_ADMIN_*, FN_CONSOLE_*, FN_TRUSTED_*, database
 * URLs, tokens) reaches a handler (D9).
 *
 * <p>The inherited values come from {@link ProcessBuilder#environment()}, which this class filters in
 * place; it never reads configuration from the environment.
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

  /** Filters {@code env} (a ProcessBuilder's map) down to the allowlist, then adds the extras. */
  static void apply(Map<String, String> env, Map<String, String> runtimeExtras, Map<String, String> functionEnv) {
    env.keySet().removeIf(k -> !allowed(k));
    env.putAll(runtimeExtras);
    env.putAll(functionEnv);
  }
}
