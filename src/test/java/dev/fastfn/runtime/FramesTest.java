package dev.fastfn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

class FramesTest {
  @Test
  void an_invoke_frame_is_a_big_endian_length_and_the_json_message() throws Exception {
    ObjectNode event = JsonNodeFactory.instance.objectNode().put("path", "/é");
    byte[] frame = Frames.invoke(Fixtures.JSON, 7, event);
    String json = new String(frame, 4, frame.length - 4, StandardCharsets.UTF_8);
    assertThat(json).isEqualTo("{\"type\":\"invoke\",\"id\":7,\"event\":{\"path\":\"/é\"}}");
    int len = ((frame[0] & 0xFF) << 24) | ((frame[1] & 0xFF) << 16) | ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
    assertThat(len).isEqualTo(frame.length - 4);
  }

  @Test
  void frames_are_read_back_one_by_one_until_a_clean_end() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(Frames.cancel(1));
    out.write(Frames.frame("{\"big\":\"".concat("x".repeat(20_000)).concat("\"}").getBytes(StandardCharsets.UTF_8)));
    out.write(Frames.cancel(2));
    ByteArrayInputStream in = new ByteArrayInputStream(out.toByteArray());
    Frames.ReadBuffer buf = new Frames.ReadBuffer();
    assertThat(Frames.read(in, buf, 1 << 20)).isTrue();
    assertThat(new String(buf.data(), 0, buf.length(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"cancel\",\"id\":1}");
    assertThat(Frames.read(in, buf, 1 << 20)).isTrue();
    assertThat(buf.length()).isEqualTo(20_010);
    assertThat(Frames.read(in, buf, 1 << 20)).isTrue();
    assertThat(new String(buf.data(), 0, buf.length(), StandardCharsets.UTF_8)).isEqualTo("{\"type\":\"cancel\",\"id\":2}");
    assertThat(Frames.read(in, buf, 1 << 20)).isFalse();
  }

  @Test
  void a_zero_or_oversized_length_breaks_the_stream() {
    Frames.ReadBuffer buf = new Frames.ReadBuffer();
    assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(new byte[] {0, 0, 0, 0}), buf, 100))
        .isInstanceOf(Frames.BadLength.class).hasMessage("invalid frame length 0 (limit 100)");
    assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(new byte[] {0, 0, 1, 0}), buf, 100))
        .isInstanceOf(Frames.BadLength.class).hasMessage("invalid frame length 256 (limit 100)");
  }

  @Test
  void a_stream_ending_inside_a_frame_is_an_eof_error() {
    byte[] frame = Frames.cancel(3);
    byte[] cut = Arrays.copyOf(frame, frame.length - 2);
    assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(cut), new Frames.ReadBuffer(), 100))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> Frames.read(new ByteArrayInputStream(new byte[] {0, 0}), new Frames.ReadBuffer(), 100))
        .isInstanceOf(EOFException.class);
  }
}
