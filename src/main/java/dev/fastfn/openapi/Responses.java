package dev.fastfn.openapi;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code responses} object of a function operation (platform.md §6.3 step 4): 200 with JSON and
 * text examples, and the gateway's own error statuses with the {@code {"error": "..."}} schema.
 */
final class Responses {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String[][] ERRORS = {
      {"404", "Unknown function or version"},
      {"405", "Method not allowed"},
      {"413", "Payload too large"},
      {"429", "Concurrency limit exceeded"},
      {"502", "Invalid runtime response"},
      {"503", "Function runtime unavailable"},
      {"504", "Runtime timeout"},
  };

  private Responses() {}

  /** A fresh tree each call: documents are mutable nodes and must not share children. */
  static ObjectNode forFunction() {
    ObjectNode r = NODES.objectNode();
    ObjectNode ok = r.putObject("200");
    ok.put("description", "Function response payload");
    ObjectNode content = ok.putObject("content");
    ObjectNode json = content.putObject("application/json");
    json.putObject("schema").put("type", "object").put("additionalProperties", true);
    json.putObject("examples").putObject("json").putObject("value").put("ok", true)
        .put("message", "function response");
    ObjectNode text = content.putObject("text/plain");
    text.putObject("schema").put("type", "string");
    text.putObject("examples").putObject("text").put("value", "plain text response");
    for (String[] e : ERRORS) {
      r.set(e[0], error(e[1]));
    }
    return r;
  }

  static ObjectNode error(String description) {
    ObjectNode resp = NODES.objectNode();
    resp.put("description", description);
    ObjectNode schema = resp.putObject("content").putObject("application/json").putObject("schema");
    schema.put("type", "object");
    schema.putObject("properties").putObject("error").put("type", "string");
    schema.putArray("required").add("error");
    return resp;
  }
}
