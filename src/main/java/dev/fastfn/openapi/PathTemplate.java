package dev.fastfn.openapi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A catalog route turned into an OpenAPI path (platform.md §6.3 step 1): {@code :id} and {@code :id*}
 * become {@code {id}}, each bare {@code *} becomes {@code {wildcard}}, {@code {wildcard2}}, ...;
 * literal segments are kept. Path parameters are listed once per name, in order.
 *
 * @param path the OpenAPI path, e.g. {@code /files/{path}}
 * @param params path parameters in order of appearance
 */
record PathTemplate(String path, List<Param> params) {
  PathTemplate {
    params = List.copyOf(params);
  }

  /** One path parameter; {@code catchAll} for {@code :name*} and {@code *} (value may contain '/'). */
  record Param(String name, boolean catchAll) {}

  static PathTemplate of(String route) {
    if (route.equals("/") || route.isEmpty()) {
      return new PathTemplate("/", List.of());
    }
    StringBuilder path = new StringBuilder();
    List<Param> params = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    int wildcards = 0;
    for (String segment : route.substring(1).split("/", -1)) {
      path.append('/');
      String name;
      boolean catchAll;
      if (segment.equals("*")) {
        wildcards++;
        name = wildcards == 1 ? "wildcard" : "wildcard" + wildcards;
        catchAll = true;
      } else if (segment.length() > 1 && segment.charAt(0) == ':') {
        catchAll = segment.endsWith("*");
        name = segment.substring(1, catchAll ? segment.length() - 1 : segment.length());
        if (name.isEmpty()) {
          path.append(segment);
          continue;
        }
      } else {
        path.append(segment);
        continue;
      }
      path.append('{').append(name).append('}');
      if (seen.add(name)) {
        params.add(new Param(name, catchAll));
      }
    }
    return new PathTemplate(path.toString(), params);
  }
}
