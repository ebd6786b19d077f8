package dev.fastfn.config;

/**
 * What {@code GET /} does before the root {@code fn.config.json} is asked (routing.md §7.1 steps 1
 * and 2). Values are kept as written (trimmed, null when unset): an invalid one is not a startup
 * error, because the spec documents the fallback (a warning, then the next step); the gateway
 * validates them once when it starts.
 *
 * @param function FN_HOME_FUNCTION: an internal path {@code /} runs, e.g. {@code /hello?lang=en}
 * @param redirect FN_HOME_REDIRECT: where {@code /} redirects (302), a local path or an http(s) URL
 */
public record HomeSettings(String function, String redirect) {
  static HomeSettings from(EnvReader e) {
    return new HomeSettings(e.raw("FN_HOME_FUNCTION"), e.raw("FN_HOME_REDIRECT"));
  }
}
