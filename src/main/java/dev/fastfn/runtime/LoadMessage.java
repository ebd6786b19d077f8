package dev.fastfn.runtime;

import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code load} message that gives a spare worker its function (runtime contract §load). */
final class LoadMessage {
  private LoadMessage() {}

  /**
   * {@code env}: the worker's complete environment; {@code importPaths}: where the function's
   * prepared dependencies are.
   */
  static ObjectNode of(ObjectMapper mapper, FunctionSpec fn, Map<String, String> env, List<Path> importPaths) {
    ObjectNode m = mapper.createObjectNode();
    m.put("type", "load");
    m.put("key", fn.key());
    m.put("name", fn.name());
    m.put("version", fn.versionLabel());
    m.put("dir", fn.functionDir().toString());
    m.put("entry", fn.entryFile().toString());
    m.put("handler", handlerName(fn));
    m.put("adapter", adapter(fn));
    ObjectNode envNode = m.putObject("env");
    for (Map.Entry<String, String> e : env.entrySet()) {
      envNode.put(e.getKey(), e.getValue());
    }
    ArrayNode paths = m.putArray("paths");
    for (Path p : importPaths) {
      paths.add(p.toString());
    }
    int conc = fn.policy() == null ? 0 : fn.policy().maxConcurrency();
    m.put("threads", conc <= 0 ? 64 : Math.max(4, Math.min(conc, 256)));
    return m;
  }

  static String handlerName(FunctionSpec fn) {
    FunctionPolicy p = fn.policy();
    return p == null || p.handlerName() == null || p.handlerName().isBlank() ? "handler" : p.handlerName();
  }

  static String adapter(FunctionSpec fn) {
    FunctionPolicy p = fn.policy();
    return p == null || p.adapter() == null || p.adapter().isBlank() ? "native" : p.adapter();
  }
}
