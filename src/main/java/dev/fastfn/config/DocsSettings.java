package dev.fastfn.config;

/** OpenAPI and Swagger UI (platform.md §6). */
public record DocsSettings(boolean enabled, boolean includeInternal, String publicBaseUrl) {
  static DocsSettings from(EnvReader e) {
    String base = e.raw("FN_PUBLIC_BASE_URL");
    if (base != null) {
      while (base.endsWith("/")) {
        base = base.substring(0, base.length() - 1);
      }
    }
    return new DocsSettings(e.bool("FN_DOCS_ENABLED", true), e.bool("FN_OPENAPI_INCLUDE_INTERNAL", false), base);
  }
}
