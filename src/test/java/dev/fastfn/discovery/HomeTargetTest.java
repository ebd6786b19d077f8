package dev.fastfn.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** routing.md §7.1: home settings and the root config's {@code home}, as values. */
class HomeTargetTest {
  @ParameterizedTest(name = "function {0} runs {1} ? {2}")
  @CsvSource(nullValues = "null", textBlock = """
      /hello,            /hello,       null
      hello,             /hello,       null
      '  //a//b/  ',     /a/b,         null
      /hello?name=x&y=1, /hello,       name=x&y=1
      /hello?,           /hello,       null
      /_fn/docs,         /_fn/docs,    null
      """)
  void a_valid_function_path_is_normalized(String raw, String path, String query) {
    assertThat(HomeTarget.choose(raw, "F", null, "R", p -> { })).isEqualTo(new HomeTarget.Run(path, query));
  }

  @ParameterizedTest(name = "function {0} is skipped: {1}")
  @CsvSource(textBlock = """
      https://example.com/x, 'F ignored: must be a local path, not a URL'
      HTTP://example.com,    'F ignored: must be a local path, not a URL'
      /,                     'F ignored: cannot point to /'
      //,                    'F ignored: cannot point to /'
      '?a=1',                'F ignored: missing path'
      /a/../b,               'F ignored: must not contain ..'
      '   ',                 'F ignored: empty'
      """)
  void an_invalid_function_path_is_reported_and_the_redirect_decides(String raw, String problem) {
    List<String> problems = new ArrayList<>();

    HomeTarget t = HomeTarget.choose(raw, "F", "/next", "R", problems::add);

    assertThat(t).isEqualTo(new HomeTarget.Redirect("/next"));
    assertThat(problems).containsExactly(problem);
  }

  @ParameterizedTest(name = "redirect {0} -> {1}")
  @CsvSource(textBlock = """
      https://example.com/welcome?a=1, https://example.com/welcome?a=1
      http://example.com,              http://example.com
      docs/,                           /docs
      /_fn/docs?x=1,                   /_fn/docs?x=1
      """)
  void a_redirect_is_a_url_or_a_normalized_local_path(String raw, String location) {
    assertThat(HomeTarget.choose(null, "F", raw, "R", p -> { })).isEqualTo(new HomeTarget.Redirect(location));
  }

  @Test
  void a_function_wins_over_a_redirect_and_nothing_valid_is_unset() {
    assertThat(HomeTarget.choose("/a", "F", "/b", "R", p -> { })).isEqualTo(new HomeTarget.Run("/a", null));
    List<String> problems = new ArrayList<>();
    assertThat(HomeTarget.choose(null, "F", "/a/../b", "R", problems::add)).isEqualTo(HomeTarget.UNSET);
    assertThat(problems).containsExactly("R ignored: must not contain ..");
    assertThat(HomeTarget.choose(null, "F", "/x\r\nSet-Cookie: a=b", "R", p -> { })).isEqualTo(HomeTarget.UNSET);
    assertThat(HomeTarget.choose(null, "F", null, "R", p -> { })).isEqualTo(HomeTarget.UNSET);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(nullValues = "null", delimiter = '|', textBlock = """
      {"home": "/hello"}                                        | /hello | null
      {"home": {"route": "/a", "redirect": "/b"}}               | /a     | /b
      {"home": {"function": "/f"}}                              | /f     | null
      {"home": {"target": "t", "location": "https://x.test"}}   | t      | https://x.test
      {"home": {"url": "/u"}}                                   | null   | /u
      {"home": {}, "invoke": {"home": {"path": "/p"}}}          | /p     | null
      {"invoke": {"home-route": "/hr"}}                         | /hr    | null
      {"invoke": {"home_route": {"home_route": "/x"}}}          | /x     | null
      {"home": {"route": "  "}}                                 | null   | null
      {"timeout_ms": 100}                                       | null   | null
      """)
  void the_home_setting_is_read_as_written(String json, String function, String redirect) {
    FnConfig.Home home = FnConfigParser.parse(json, "fn.config.json").home();

    assertThat(home).isEqualTo(function == null && redirect == null ? null : new FnConfig.Home(function, redirect));
  }
}
