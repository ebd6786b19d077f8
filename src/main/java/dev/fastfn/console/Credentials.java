package dev.fastfn.console;

import dev.fastfn.config.ConsoleSettings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The single console user (security-cli-ui.md A9.1). Configured when a username is set and either a
 * valid hash, or (no hash and) a plaintext password. A hash that does not parse makes the credentials
 * unconfigured; it never falls back to the plaintext password. Immutable.
 */
final class Credentials {
  private final String username;
  private final PasswordHash hash;
  private final String plaintext;
  private final boolean configured;

  private Credentials(String username, PasswordHash hash, String plaintext, boolean configured) {
    this.username = username;
    this.hash = hash;
    this.plaintext = plaintext;
    this.configured = configured;
  }

  static Credentials from(ConsoleSettings s) {
    String user = s.loginUsername();
    String hashText = s.loginPasswordHash();
    if (user == null || user.isEmpty()) {
      return new Credentials(null, null, null, false);
    }
    if (hashText != null && !hashText.isEmpty()) {
      Optional<PasswordHash> h = PasswordHash.parse(hashText);
      return new Credentials(user, h.orElse(null), null, h.isPresent());
    }
    String pw = s.loginPassword();
    boolean ok = pw != null && !pw.isEmpty();
    return new Credentials(user, null, ok ? pw : null, ok);
  }

  boolean configured() {
    return configured;
  }

  String username() {
    return username;
  }

  /** Constant-time checks of both the user name and the password. */
  boolean verify(String user, String password) {
    if (!configured) {
      return false;
    }
    boolean userOk = MessageDigest.isEqual(user.getBytes(StandardCharsets.UTF_8),
        username.getBytes(StandardCharsets.UTF_8));
    boolean passOk = hash != null
        ? hash.matches(password)
        : MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), plaintext.getBytes(StandardCharsets.UTF_8));
    return userOk && passOk;
  }

  /** Changes whenever the user, the hash or the plaintext password changes (A9.2). */
  String fingerprint() {
    if (!configured) {
      return null;
    }
    if (hash != null) {
      return hash.fingerprint(username);
    }
    byte[] d = PasswordHash.sha256(plaintext.getBytes(StandardCharsets.UTF_8));
    return "sha256:" + HexFormat.of().formatHex(d) + ":" + username;
  }
}
