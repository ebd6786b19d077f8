package dev.fastfn.openapi;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses it) inferred from an example value. Stateless. */
final class Schemas {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Deeply nested examples are described loosely below this depth. */
  private static final int MAX_DEPTH = 8;

  private Schemas() {}

  static ObjectNode fromExample(JsonNode value) {
    return fromExample(value, 0);
  }

  private static ObjectNode fromExample(JsonNode value, int depth) {
    ObjectNode s = NODES.objectNode();
    if (value == null || value.isNull() || value.isMissingNode()) {
      s.put("type", "null");
    } else if (value.isBoolean()) {
      s.put("type", "boolean");
    } else if (value.isIntegralNumber()) {
      s.put("type", "integer");
    } else if (value.isNumber()) {
      s.put("type", "number");
    } else if (value.isString()) {
      s.put("type", "string");
    } else if (value.isArray()) {
      s.put("type", "array");
      if (depth < MAX_DEPTH && !value.isEmpty()) {
        s.set("items", fromExample(value.get(0), depth + 1));
      } else {
        s.putObject("items");
      }
    } else if (value.isObject()) {
      s.put("type", "object");
      if (depth < MAX_DEPTH && !value.isEmpty()) {
        ObjectNode props = s.putObject("properties");
        for (var e : value.properties()) {
          props.set(e.getKey(), fromExample(e.getValue(), depth + 1));
        }
      }
      s.put("additionalProperties", true);
    } else {
      s.put("type", "string");
    }
    return s;
  }
}
