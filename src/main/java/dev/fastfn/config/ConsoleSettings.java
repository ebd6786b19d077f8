package dev.fastfn.config;

import java.util.List;

/** Console API access control (security-cli-ui.md A2). Env values; runtime overrides live in console. */
public record ConsoleSettings(
    boolean apiEnabled,
    boolean adminApiEnabled,
    boolean writeEnabled,
    boolean localOnly,
    String adminToken,
    boolean uiEnabled,
    boolean loginEnabled,
    boolean loginApi,
    String loginUsername,
    String loginPasswordHash,
    String loginPassword,
    String sessionSecret,
    int sessionTtlSeconds,
    int loginRateLimitMax,
    int loginRateLimitWindowSeconds,
    int rateLimitMax,
    int rateLimitWindowSeconds,
    int writeRateLimitMax,
    boolean publicExplore,
    List<String> trustedProxyCidrs) {

  public ConsoleSettings {
    trustedProxyCidrs = List.copyOf(trustedProxyCidrs);
  }

  static ConsoleSettings from(EnvReader e) {
    return new ConsoleSettings(
        e.bool("FN_CONSOLE_API_ENABLED", true),
        e.bool("FN_ADMIN_API_ENABLED", true),
        e.bool("FN_CONSOLE_WRITE_ENABLED", false),
        e.bool("FN_CONSOLE_LOCAL_ONLY", true),
        e.raw("FN_ADMIN_TOKEN"),
        e.bool("FN_UI_ENABLED", false),
        e.bool("FN_CONSOLE_LOGIN_ENABLED", false),
        e.bool("FN_CONSOLE_LOGIN_API", false),
        e.raw("FN_CONSOLE_LOGIN_USERNAME"),
        fileOrValue(e, "FN_CONSOLE_LOGIN_PASSWORD_HASH"),
        fileOrValue(e, "FN_CONSOLE_LOGIN_PASSWORD"),
        fileOrValue(e, "FN_CONSOLE_SESSION_SECRET"),
        positiveOr(e, "FN_CONSOLE_SESSION_TTL_S", 43200),
        e.intIn("FN_CONSOLE_LOGIN_RATE_LIMIT_MAX", 5, Integer.MIN_VALUE, Integer.MAX_VALUE),
        e.intIn("FN_CONSOLE_LOGIN_RATE_LIMIT_WINDOW_S", 300, Integer.MIN_VALUE, Integer.MAX_VALUE),
        e.intIn("FN_CONSOLE_RATE_LIMIT_MAX", 120, Integer.MIN_VALUE, Integer.MAX_VALUE),
        e.intIn("FN_CONSOLE_RATE_LIMIT_WINDOW_S", 60, Integer.MIN_VALUE, Integer.MAX_VALUE),
        e.intIn("FN_CONSOLE_WRITE_RATE_LIMIT_MAX", 30, Integer.MIN_VALUE, Integer.MAX_VALUE),
        e.bool("FN_PUBLIC_EXPLORE", false),
        e.csv("FN_TRUSTED_PROXY_CIDRS"));
  }

  /** `X` or the contents of the file named by `X_FILE` (trimmed). */
  private static String fileOrValue(EnvReader e, String name) {
    String direct = e.raw(name);
    if (direct != null) {
      return direct;
    }
    String file = e.raw(name + "_FILE");
    if (file == null) {
      return null;
    }
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of(file)).trim();
    } catch (java.io.IOException ex) {
      e.problem(name + "_FILE='" + file + "' cannot be read: " + ex.getMessage());
      return null;
    }
  }

  private static int positiveOr(EnvReader e, String name, int def) {
    String raw = e.raw(name);
    try {
      int v = raw == null ? def : Integer.parseInt(raw);
      return v <= 0 ? def : v;
    } catch (NumberFormatException ex) {
      return def;
    }
  }
}
