package dev.fastfn.cli;

/** The "Using ... from config" line printed for a value taken from fastfn.json (security-cli-ui.md B1). */
final class ConfigNotes {
  private ConfigNotes() {}

  static String describe(String envName, String value) {
    return switch (envName) {
      case "FN_FORCE_URL" -> "Using force-url from config: " + flag(value);
      case "FN_HOT_RELOAD" -> "Using hot-reload from config: " + flag(value);
      case "FN_RUNTIME_DAEMONS" -> "Using runtime-daemons from config: " + value;
      case "FN_PUBLIC_BASE_URL" -> "Using public base URL from config: " + value;
      case "FN_OPENAPI_INCLUDE_INTERNAL" -> "Using openapi-include-internal from config: " + flag(value);
      default -> envName.endsWith("_BIN")
          ? "Using runtime binary from config: " + envName + "=" + value
          : "Using " + envName + " from config: " + value;
    };
  }

  private static String flag(String v) {
    return Boolean.toString(v.equals("1") || v.equalsIgnoreCase("true"));
  }
}
