package dev.fastfn.runtime;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The worker wire format: a 4-byte big-endian length followed by that many bytes of UTF-8 JSON
 * (see {@code resources/runtime/PROTOCOL.md}). Encoding builds one array per frame so a frame goes
 * out in a single write; decoding reads into a caller-owned, reusable buffer.
 */
final class Frames {
  static final int HEADER_BYTES = 4;

  private Frames() {}

  /** A frame whose length is outside {@code 1..max}: the stream can no longer be trusted. */
  static final class BadLength extends IOException {
    BadLength(long length, int max) {
      super("invalid frame length " + length + " (limit " + max + ")");
    }
  }

  /** Header plus payload in one array. */
  static byte[] frame(byte[] json) {
    byte[] out = new byte[HEADER_BYTES + json.length];
    putLength(out, json.length);
    System.arraycopy(json, 0, out, HEADER_BYTES, json.length);
    return out;
  }

  static byte[] message(ObjectMapper mapper, JsonNode message) {
    return frame(mapper.writeValueAsBytes(message));
  }

  /** {@code {"type":"invoke","id":<id>,"event":<event>}} without copying the event into a wrapper tree. */
  static byte[] invoke(ObjectMapper mapper, long id, JsonNode event) {
    return invoke(id, mapper.writeValueAsBytes(event));
  }

  /** The same with the event already encoded: one copy into the frame. */
  static byte[] invoke(long id, byte[] body) {
    byte[] head = ("{\"type\":\"invoke\",\"id\":" + id + ",\"event\":").getBytes(StandardCharsets.US_ASCII);
    int len = head.length + body.length + 1;
    byte[] out = new byte[HEADER_BYTES + len];
    putLength(out, len);
    System.arraycopy(head, 0, out, HEADER_BYTES, head.length);
    System.arraycopy(body, 0, out, HEADER_BYTES + head.length, body.length);
    out[out.length - 1] = '}';
    return out;
  }

  static byte[] cancel(long id) {
    return frame(("{\"type\":\"cancel\",\"id\":" + id + "}").getBytes(StandardCharsets.US_ASCII));
  }

  /** Reusable read buffer owned by one reader thread. */
  static final class ReadBuffer {
    private final byte[] header = new byte[HEADER_BYTES];
    private byte[] data = new byte[8192];
    private int length;

    byte[] data() {
      return data;
    }

    int length() {
      return length;
    }
  }

  /**
   * Reads one frame into {@code buf}. Returns false on a clean end of stream (before a header);
   * throws {@link EOFException} when the stream ends inside a frame and {@link BadLength} for a
   * length outside {@code 1..max}.
   */
  static boolean read(InputStream in, ReadBuffer buf, int max) throws IOException {
    int got = in.readNBytes(buf.header, 0, HEADER_BYTES);
    if (got == 0) {
      return false;
    }
    if (got < HEADER_BYTES) {
      throw new EOFException("stream ended inside a frame header");
    }
    long len = ((buf.header[0] & 0xFFL) << 24) | ((buf.header[1] & 0xFF) << 16)
        | ((buf.header[2] & 0xFF) << 8) | (buf.header[3] & 0xFF);
    if (len <= 0 || len > max) {
      throw new BadLength(len, max);
    }
    int n = (int) len;
    if (buf.data.length < n || (buf.data.length > (1 << 20) && n < (1 << 16))) {
      buf.data = new byte[Math.max(n, 8192)]; // grow to fit; let a one-off huge buffer go
    }
    if (in.readNBytes(buf.data, 0, n) < n) {
      throw new EOFException("stream ended inside a frame of " + n + " bytes");
    }
    buf.length = n;
    return true;
  }

  private static void putLength(byte[] out, int len) {
    out[0] = (byte) (len >>> 24);
    out[1] = (byte) (len >>> 16);
    out[2] = (byte) (len >>> 8);
    out[3] = (byte) len;
  }
}
