package dev.fastfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shape checks on worker replies (runtimes.md §1.4). */
class RepliesTest {
  private static CallOutcome decode(String json) {
    return Replies.decode(Fixtures.JSON.readTree(json), 2, false);
  }

  @Test
  void a_text_reply_keeps_status_headers_body_and_output() {
    WorkerReply r = ((CallOutcome.Ok) decode("{\"id\":1,\"status\":201,\"headers\":{\"X-A\":\"1\",\"Set-Cookie\":[\"a=1\",\"b=2\"],"
        + "\"X-N\":5},\"body\":\"hé\",\"stdout\":\"out\\n\"}")).reply();
    assertThat(r.status()).isEqualTo(201);
    assertThat(r.headers()).isEqualTo(Map.of("X-A", List.of("1"), "Set-Cookie", List.of("a=1", "b=2"), "X-N", List.of("5")));
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("hé");
    assertThat(r.stdout()).isEqualTo("out\n");
    assertThat(r.stderr()).isEmpty();
    assertThat(r.workerIndex()).isEqualTo(2);
  }

  @Test
  void an_error_reply_becomes_a_json_error_body() {
    WorkerReply r = ((CallOutcome.Ok) decode("{\"id\":1,\"status\":500,\"error\":\"KeyError: 'x'\"}")).reply();
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.headers()).isEqualTo(Map.of("Content-Type", List.of("application/json")));
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"KeyError: 'x'\"}");
  }

  @Test
  void headers_with_line_breaks_are_dropped() {
    WorkerReply r = ((CallOutcome.Ok) decode("{\"status\":200,\"headers\":{\"X-Bad\":\"a\\r\\nInjected: 1\",\"X-Ok\":\"b\"}}"))
        .reply();
    assertThat(r.headers()).isEqualTo(Map.of("X-Ok", List.of("b")));
  }

  @Test
  void shape_violations_are_bad_frames() {
    assertThat(decode("{\"id\":1,\"status\":\"200\"}")).isEqualTo(new CallOutcome.BadFrame("reply status is not a number"));
    assertThat(decode("{\"status\":200,\"headers\":[]}")).isEqualTo(new CallOutcome.BadFrame("reply headers is not an object"));
    assertThat(decode("{\"status\":200,\"body\":5}")).isEqualTo(new CallOutcome.BadFrame("reply body is not a string"));
    assertThat(decode("{\"status\":200,\"is_base64\":true,\"body_base64\":\"%%%\"}"))
        .isEqualTo(new CallOutcome.BadFrame("invalid body_base64"));
    assertThat(decode("{\"status\":99}")).isEqualTo(new CallOutcome.BadFrame("reply status 99 is not an HTTP status"));
  }
}
