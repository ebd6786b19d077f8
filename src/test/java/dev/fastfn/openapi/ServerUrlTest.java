package dev.fastfn.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ServerUrlTest {
  @Test
  void public_base_url_wins_and_loses_trailing_slashes() {
    assertThat(ServerUrl.of("https://api.fastfn.example//", "http", "x", "random.local", false))
        .isEqualTo("https://api.fastfn.example");
  }

  @Test
  void host_header_and_connection_scheme_by_default() {
    assertThat(ServerUrl.of(null, null, null, "api.local.test", false)).isEqualTo("http://api.local.test");
    assertThat(ServerUrl.of(null, null, null, "127.0.0.1:8080", true)).isEqualTo("https://127.0.0.1:8080");
    assertThat(ServerUrl.of(null, null, null, "[::1]:9000", false)).isEqualTo("http://[::1]:9000");
  }

  @Test
  void forwarded_headers_use_their_first_token() {
    assertThat(ServerUrl.of(null, "https, http", "api.proxy.test, inner", "ignored.local", false))
        .isEqualTo("https://api.proxy.test");
  }

  @Test
  void missing_or_forged_hosts_fall_back_to_localhost() {
    assertThat(ServerUrl.of(null, null, null, null, false)).isEqualTo("http://localhost:8080");
    assertThat(ServerUrl.of(null, "javascript", "evil\"><script>", "x", false)).isEqualTo("http://localhost:8080");
  }
}
