package dev.fastfn.routing;

import dev.fastfn.discovery.RoutePaths;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Request paths as the router matches them: the raw (percent-encoded) path is decoded exactly once,
 * then {@code //} collapsed and a trailing {@code /} stripped. Paths with {@code ..} (also when
 * encoded), NUL or a reserved prefix never match. Pure functions.
 */
public final class RequestPaths {
  private RequestPaths() {}

  /**
   * The normalized, decoded path, or null when it can never match a function route. A query string
   * ({@code ?...}) is ignored.
   */
  public static String normalize(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return null;
    }
    String p = rawPath;
    int q = p.indexOf('?');
    if (q >= 0) {
      p = p.substring(0, q);
    }
    if (p.indexOf('%') >= 0) {
      p = decode(p);
      if (p == null) {
        return null;
      }
    }
    if (p.isEmpty() || p.charAt(0) != '/' || p.indexOf('\0') >= 0 || p.indexOf('\\') >= 0) {
      return null;
    }
    p = RoutePaths.collapse(p);
    if (p.contains("..") || RoutePaths.isReserved(p)) {
      return null;
    }
    return p;
  }

  /**
   * The path as handlers and logs see it: {@code rawPath} percent-decoded once, not normalized, or
   * as sent when an escape in it is malformed (such a path matches no function route anyway).
   */
  public static String decodedOrRaw(String rawPath) {
    if (rawPath.indexOf('%') < 0) {
      return rawPath;
    }
    String p = decode(rawPath);
    return p != null ? p : rawPath;
  }

  /** Segments of a normalized path ("/a/b" -> [a, b]). */
  static String[] segments(String path) {
    int count = 0;
    for (int i = 1; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        count++;
      }
    }
    String[] out = new String[count + 1];
    int start = 1;
    int k = 0;
    for (int i = 1; i <= path.length(); i++) {
      if (i == path.length() || path.charAt(i) == '/') {
        out[k++] = path.substring(start, i);
        start = i + 1;
      }
    }
    return out;
  }

  /** Percent-decoding as UTF-8 ('+' stays '+'); null for a malformed escape or invalid UTF-8. */
  static String decode(String s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        if (i + 2 >= s.length()) {
          return null;
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        out.write(hi * 16 + lo);
        i += 2;
      } else if (c < 0x80) {
        out.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < s.length()) {
          b = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        out.write(b, 0, b.length);
      }
    }
    var decoder = StandardCharsets.UTF_8.newDecoder();
    try {
      return decoder.decode(java.nio.ByteBuffer.wrap(out.toByteArray())).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      return null;
    }
  }
}
