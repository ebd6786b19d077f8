package dev.fastfn.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/                      | /                           | ''",
      "/hello                 | /hello                      | ''",
      "/items/:id             | /items/{id}                 | id",
      "/files/:path*          | /files/{path}               | path*",
      "/greet/*               | /greet/{wildcard}           | wildcard*",
      "/a/*/b/*               | /a/{wildcard}/b/{wildcard2} | wildcard* wildcard2*",
      "/u/:id/posts/:id       | /u/{id}/posts/{id}          | id",
      "/literal/{braces}      | /literal/{braces}           | ''",
      "/x/:a/:b*              | /x/{a}/{b}                  | a b*",
  })
  void routes_convert_to_openapi_paths(String route, String path, String params) {
    PathTemplate t = PathTemplate.of(route);
    assertThat(t.path()).isEqualTo(path);
    String described = String.join(" ", t.params().stream().map(p -> p.name() + (p.catchAll() ? "*" : "")).toList());
    assertThat(described).isEqualTo(params);
  }
}
