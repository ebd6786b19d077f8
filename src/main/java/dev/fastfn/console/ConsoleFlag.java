package dev.fastfn.console;

import dev.fastfn.config.ConsoleSettings;

/** The console switches that {@code /_fn/ui-state} may override at run time (security-cli-ui.md A2). */
enum ConsoleFlag {
  UI_ENABLED("ui_enabled"),
  API_ENABLED("api_enabled"),
  WRITE_ENABLED("write_enabled"),
  LOCAL_ONLY("local_only"),
  LOGIN_ENABLED("login_enabled"),
  LOGIN_API_ENABLED("login_api_enabled"),
  PUBLIC_EXPLORE("public_explore");

  private final String key;

  ConsoleFlag(String key) {
    this.key = key;
  }

  /** The JSON field name in ui-state. */
  String key() {
    return key;
  }

  /** The env value (before overrides). */
  boolean fromEnv(ConsoleSettings s) {
    return switch (this) {
      case UI_ENABLED -> s.uiEnabled();
      case API_ENABLED -> s.apiEnabled();
      case WRITE_ENABLED -> s.writeEnabled();
      case LOCAL_ONLY -> s.localOnly();
      case LOGIN_ENABLED -> s.loginEnabled();
      case LOGIN_API_ENABLED -> s.loginApi();
      case PUBLIC_EXPLORE -> s.publicExplore();
    };
  }
}
