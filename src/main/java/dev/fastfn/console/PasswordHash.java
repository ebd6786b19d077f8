package dev.fastfn.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A configured console password hash (security-cli-ui.md A9.1):
 * {@code pbkdf2-sha256:<iterations>:<salt_hex>:<digest_hex>} (iterations &gt;= 100000, PBKDF2-HMAC-SHA256,
 * derived length = digest length) or the legacy {@code sha256:<hex>} / bare 64-hex SHA-256. Anything
 * else does not parse, and an unparseable hash never falls back to a plaintext password.
 */
sealed interface PasswordHash {
  int MIN_ITERATIONS = 100_000;
  Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");
  Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  boolean matches(String password);

  /** Binds a session to the current credentials; changes when the hash or user changes. */
  String fingerprint(String user);

  /** PBKDF2-HMAC-SHA256. */
  record Pbkdf2(int iterations, byte[] salt, byte[] digest) implements PasswordHash {
    public Pbkdf2 {
      salt = salt.clone();
      digest = digest.clone();
    }

    @Override
    public boolean matches(String password) {
      byte[] derived = derive(password.getBytes(StandardCharsets.UTF_8), salt, iterations, digest.length);
      return MessageDigest.isEqual(derived, digest);
    }

    @Override
    public String fingerprint(String user) {
      HexFormat hex = HexFormat.of();
      return "pbkdf2-sha256:" + iterations + ":" + hex.formatHex(salt) + ":" + hex.formatHex(digest) + ":" + user;
    }
  }

  /** Legacy unsalted SHA-256 (hex). */
  record Sha256(byte[] digest) implements PasswordHash {
    public Sha256 {
      digest = digest.clone();
    }

    @Override
    public boolean matches(String password) {
      return MessageDigest.isEqual(sha256(password.getBytes(StandardCharsets.UTF_8)), digest);
    }

    @Override
    public String fingerprint(String user) {
      return "sha256:" + HexFormat.of().formatHex(digest) + ":" + user;
    }
  }

  /** Parses a configured hash; empty when it is not one of the accepted forms. */
  static Optional<PasswordHash> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim();
    if (t.startsWith("pbkdf2-sha256:")) {
      String[] parts = t.split(":", -1);
      if (parts.length != 4 || !parts[1].matches("\\d{1,9}")
          || !HEX.matcher(parts[2]).matches() || !HEX.matcher(parts[3]).matches()) {
        return Optional.empty();
      }
      int iterations = Integer.parseInt(parts[1]);
      if (iterations < MIN_ITERATIONS) {
        return Optional.empty();
      }
      HexFormat hex = HexFormat.of();
      return Optional.of(new Pbkdf2(iterations, hex.parseHex(parts[2].toLowerCase(Locale.ROOT)),
          hex.parseHex(parts[3].toLowerCase(Locale.ROOT))));
    }
    String hexPart = t.startsWith("sha256:") ? t.substring("sha256:".length()) : t;
    if (SHA256_HEX.matcher(hexPart).matches()) {
      return Optional.of(new Sha256(HexFormat.of().parseHex(hexPart.toLowerCase(Locale.ROOT))));
    }
    return Optional.empty();
  }

  /** Formats a new PBKDF2 hash (used by tests and documentation examples). */
  static String pbkdf2(String password, byte[] salt, int iterations) {
    byte[] d = derive(password.getBytes(StandardCharsets.UTF_8), salt, iterations, 32);
    HexFormat hex = HexFormat.of();
    return "pbkdf2-sha256:" + iterations + ":" + hex.formatHex(salt) + ":" + hex.formatHex(d);
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /**
   * RFC 8018 PBKDF2 with HMAC-SHA256, written on {@link Mac} directly because {@code PBEKeySpec}
   * rejects empty passwords and re-encodes chars.
   */
  static byte[] derive(byte[] password, byte[] salt, int iterations, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // HMAC keys may be empty in the math; the JCE refuses a zero-length key, so use one zero byte,
      // which HMAC pads to the same block as an empty key.
      mac.init(new SecretKeySpec(password.length == 0 ? new byte[1] : password, "HmacSHA256"));
      int hLen = mac.getMacLength();
      int blocks = (length + hLen - 1) / hLen;
      byte[] out = new byte[length];
      for (int i = 1; i <= blocks; i++) {
        mac.update(salt);
        mac.update(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
        byte[] u = mac.doFinal();
        byte[] t = u.clone();
        for (int j = 1; j < iterations; j++) {
          u = mac.doFinal(u);
          for (int k = 0; k < t.length; k++) {
            t[k] ^= u[k];
          }
        }
        int offset = (i - 1) * hLen;
        System.arraycopy(t, 0, out, offset, Math.min(hLen, length - offset));
      }
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
