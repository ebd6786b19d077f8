package dev.fastfn.deps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 over a sequence of labelled parts; nulls and part boundaries are hashed unambiguously. Not thread-safe. */
final class Signature {
  private final MessageDigest digest;

  Signature() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  Signature add(String label, Object value) {
    part(label);
    part(value == null ? "\u0000null" : value.toString());
    return this;
  }

  private void part(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    digest.update(Integer.toString(b.length).getBytes(StandardCharsets.US_ASCII));
    digest.update((byte) ':');
    digest.update(b);
  }

  String hex() {
    return HexFormat.of().formatHex(digest.digest());
  }
}
