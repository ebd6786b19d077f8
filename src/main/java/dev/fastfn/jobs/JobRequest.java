package dev.fastfn.jobs;

import dev.fastfn.gateway.HttpJson;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a job sends to its function, stored as JSON text in the job row (the store treats it as
 * opaque). Values are validated by {@link JobSubmission} before a JobRequest exists.
 *
 * @param path request path the handler sees
 * @param routeTemplate the route pattern the path was built from, or null
 * @param query values are String or List of String
 * @param headers lower-case names; values String or List of String
 * @param body request body text ("" = none)
 * @param context becomes event.context.user, or null
 * @param params route params filled into the template
 */
record JobRequest(String path, String routeTemplate, Map<String, Object> query, Map<String, Object> headers,
    String body, JsonNode context, Map<String, String> params) {

  JobRequest {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
    params = Map.copyOf(params);
    context = context == null ? null : context.deepCopy();
  }

  String toJson() {
    ObjectNode n = HttpJson.object();
    n.put("path", path);
    if (routeTemplate != null) {
      n.put("route_template", routeTemplate);
    }
    n.set("query", HttpJson.MAPPER.valueToTree(query));
    n.set("headers", HttpJson.MAPPER.valueToTree(headers));
    n.put("body", body);
    if (context != null) {
      n.set("context", context);
    }
    n.set("params", HttpJson.MAPPER.valueToTree(params));
    return HttpJson.MAPPER.writeValueAsString(n);
  }

  static JobRequest fromJson(String json) {
    JsonNode n = HttpJson.MAPPER.readTree(json);
    JsonNode ctx = n.get("context");
    Map<String, String> params = new LinkedHashMap<>();
    n.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asString()));
    return new JobRequest(
        n.path("path").asString("/"),
        n.hasNonNull("route_template") ? n.get("route_template").asString() : null,
        stringValues(n.path("query")),
        stringValues(n.path("headers")),
        n.path("body").asString(""),
        ctx == null || ctx.isNull() ? null : ctx,
        params);
  }

  /** An object of strings or string lists, as stored by {@link #toJson}. */
  static Map<String, Object> stringValues(JsonNode obj) {
    Map<String, Object> out = new LinkedHashMap<>();
    obj.properties().forEach(e -> {
      JsonNode v = e.getValue();
      if (v.isArray()) {
        out.put(e.getKey(), v.valueStream().map(JsonNode::asString).toList());
      } else {
        out.put(e.getKey(), v.asString());
      }
    });
    return out;
  }

  /** For the event: null when there is no body. */
  byte[] bodyBytes() {
    return body.isEmpty() ? null : body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
