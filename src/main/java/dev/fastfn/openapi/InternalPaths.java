package dev.fastfn.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /_fn/*} operations (platform.md §6.4), kept as data in {@code openapi/internal-paths.json}
 * because they describe fixed endpoints, not discovered functions. Included only with
 * FN_OPENAPI_INCLUDE_INTERNAL; the endpoints work either way.
 */
final class InternalPaths {
  static final String RESOURCE = "/openapi/internal-paths.json";

  private InternalPaths() {}

  static ObjectNode load() {
    try (InputStream in = InternalPaths.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE + " (broken build)");
      }
      return (ObjectNode) JsonMapper.builder().build().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
