package dev.fastfn.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RoutePathsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(nullValues = "null", textBlock = """
      /a//b/,          /a/b
      '  /x  ',        /x
      /api/brace/{id}, /api/brace/:id
      /f/{path*},      /f/:path*
      /Keep/Case,      /Keep/Case
      x/no-slash,      null
      /,               null
      //,              null
      /a/../b,         null
      /_fn,            null
      /_fn/x,          null
      /_fnx,           /_fnx
      /console/a,      null
      /consoles,       /consoles
      /FastFN.json,    null
      """)
  void configured_routes_are_normalized(String raw, String expected) {
    assertThat(RoutePaths.normalize(raw)).isEqualTo(expected);
  }

  @Test
  void dynamic_routes_sort_most_specific_first() {
    List<String> routes = new ArrayList<>(List.of("/:path*", "/users/*", "/users/:id", "/blog/:slug*",
        "/users/:id/posts", "/a/:b/:c", "/a/b/:c"));
    RoutePaths.sortBySpecificity(routes);

    assertThat(routes).containsExactly("/a/b/:c", "/users/:id/posts", "/a/:b/:c", "/users/:id", "/blog/:slug*",
        "/users/*", "/:path*");
  }

  @Test
  void inserting_into_a_sorted_list_puts_each_route_where_the_sort_would() {
    List<String> all = List.of("/:path*", "/users/*", "/users/:id", "/blog/:slug*", "/users/:id/posts", "/a/:b/:c",
        "/a/b/:c", "/zz/*", "/aa/*", "/users/:name", "/a/*");
    List<String> inserted = new ArrayList<>();
    for (String route : all) {
      RoutePaths.insertBySpecificity(inserted, route);
    }
    List<String> sorted = new ArrayList<>(all);
    RoutePaths.sortBySpecificity(sorted);

    assertThat(inserted).isEqualTo(sorted);
  }

  @Test
  void openapi_form_param_names_and_fill() {
    assertThat(RoutePaths.toOpenApi("/items/:id/files/:rest*")).isEqualTo("/items/{id}/files/{rest}");
    assertThat(RoutePaths.toOpenApi("/greet/*/x/*")).isEqualTo("/greet/{wildcard}/x/{wildcard2}");
    assertThat(RoutePaths.paramNames("/greet/*/:id/*")).containsExactly("wildcard", "id", "wildcard2");
    assertThat(RoutePaths.fill("/api/routed/:id", Map.of("id", "55"))).isEqualTo("/api/routed/55");
    assertThat(RoutePaths.fill("/f/:p*", Map.of("p", "a/b"))).isEqualTo("/f/a/b");
    assertThat(RoutePaths.fill("/api/routed/:id", Map.of())).isNull();
    assertThat(RoutePaths.isDynamic("/a:b")).isFalse();
    assertThat(RoutePaths.isDynamic("/a/:b")).isTrue();
  }
}
