package dev.fastfn.jobs;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.discovery.Catalog;
import dev.fastfn.discovery.FunctionGroup;
import dev.fastfn.discovery.FunctionPolicy;
import dev.fastfn.discovery.FunctionSpec;
import dev.fastfn.discovery.HomeTarget;
import dev.fastfn.discovery.InvokeMeta;
import dev.fastfn.discovery.RouteEntry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hand-built catalogs for tests that need functions without scanning a folder. Discovery has its
 * own tests; these values only use the public records.
 */
public final class Fixtures {
  public static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Path ROOT = Path.of("/tmp/fastfn-fixtures");

  private Fixtures() {}

  /** A runtime-scoped function version with the given methods and optional schedule / keep_warm. */
  public static FunctionSpec fn(RuntimeKind rt, String name, String version, List<String> methods, String scheduleJson,
      FunctionPolicy.KeepWarmPolicy keepWarm, int timeoutMs, long maxBodyBytes) {
    JsonNode schedule = scheduleJson == null ? null : JSON.readTree(scheduleJson);
    FunctionPolicy policy = new FunctionPolicy(timeoutMs, 20, maxBodyBytes, methods, List.of(), List.of(), false,
        false, null, keepWarm, schedule, null, List.of(), "handler", "native");
    String key = FunctionSpec.keyOf(rt, name, version);
    Path dir = ROOT.resolve(rt.id()).resolve(name);
    return new FunctionSpec(key, rt, name, version, FunctionSpec.Kind.FUNCTION, dir, dir.resolve("handler"),
        rt.id() + "/" + name, policy, InvokeMeta.EMPTY, "fp-" + key + "-" + (scheduleJson == null ? 0 : scheduleJson.hashCode()),
        Map.of(), Set.of(), null);
  }

  public static FunctionSpec fn(RuntimeKind rt, String name, String... methods) {
    return fn(rt, name, null, methods.length == 0 ? List.of("GET") : List.of(methods), null, null, 2500, 1_048_576);
  }

  public static FunctionSpec scheduled(RuntimeKind rt, String name, String scheduleJson) {
    return fn(rt, name, null, List.of("GET", "POST"), scheduleJson, null, 2500, 1_048_576);
  }

  /** A catalog holding the given specs (default versions unless a version is set), with a route each. */
  public static Catalog catalog(FunctionSpec... specs) {
    Map<RuntimeKind, Map<String, List<FunctionSpec>>> byName = new EnumMap<>(RuntimeKind.class);
    Map<String, FunctionSpec> functions = new LinkedHashMap<>();
    Map<String, List<RouteEntry>> routes = new LinkedHashMap<>();
    for (FunctionSpec s : specs) {
      byName.computeIfAbsent(s.runtime(), k -> new LinkedHashMap<>()).computeIfAbsent(s.name(), k -> new ArrayList<>())
          .add(s);
      functions.put(s.key(), s);
      String route = "/" + s.name() + (s.version() == null ? "" : "@" + s.version());
      routes.computeIfAbsent(route, k -> new ArrayList<>())
          .add(new RouteEntry(route, s.key(), s.policy().methods(), 3, List.of(), false));
    }
    Map<RuntimeKind, List<FunctionGroup>> groups = new EnumMap<>(RuntimeKind.class);
    byName.forEach((rt, names) -> {
      List<FunctionGroup> list = new ArrayList<>();
      names.forEach((name, versions) -> {
        FunctionSpec def = null;
        Map<String, FunctionSpec> vs = new LinkedHashMap<>();
        for (FunctionSpec v : versions) {
          if (v.version() == null) {
            def = v;
          } else {
            vs.put(v.version(), v);
          }
        }
        list.add(new FunctionGroup(rt, name, def, vs));
      });
      list.sort((a, b) -> a.name().compareTo(b.name()));
      groups.put(rt, list);
    });
    return new Catalog(ROOT, List.of(RuntimeKind.PYTHON, RuntimeKind.NODE), routes, Map.of(), List.of(), functions,
        groups, List.of(), HomeTarget.UNSET, Instant.parse("2026-01-01T00:00:00Z"));
  }
}
