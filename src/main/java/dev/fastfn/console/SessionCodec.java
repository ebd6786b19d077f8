package dev.fastfn.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code fastfn_session} cookie (security-cli-ui.md A9.2): {@code B64(payload) "." B64(HMAC-SHA256)},
 * payload {@code {"user","exp","cred_v2"}} where {@code cred_v2 = HMAC(secret, credential fingerprint)},
 * so rotating the password or the user invalidates sessions without putting the hash in the cookie.
 * No server-side state. Immutable and thread-safe.
 */
final class SessionCodec {
  static final String COOKIE = "fastfn_session";
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder B64D = Base64.getDecoder();

  private final byte[] secret;
  private final Credentials credentials;
  private final int ttlSeconds;
  private final Clock clock;

  SessionCodec(String secret, Credentials credentials, int ttlSeconds, Clock clock) {
    this.secret = secret == null || secret.isEmpty() ? null : secret.getBytes(StandardCharsets.UTF_8);
    this.credentials = credentials;
    this.ttlSeconds = ttlSeconds > 0 ? ttlSeconds : 43_200;
    this.clock = clock;
  }

  boolean hasSecret() {
    return secret != null;
  }

  int ttlSeconds() {
    return ttlSeconds;
  }

  /** A signed token for {@code user}, valid for the TTL. Requires a secret. */
  String issue(String user) {
    ObjectNode p = JSON.createObjectNode();
    p.put("user", user);
    p.put("exp", clock.millis() / 1000 + ttlSeconds);
    String fp = credentials.fingerprint();
    if (fp != null) {
      p.put("cred_v2", B64.encodeToString(hmac(fp.getBytes(StandardCharsets.UTF_8))));
    }
    byte[] payload = JSON.writeValueAsBytes(p);
    return B64.encodeToString(payload) + "." + B64.encodeToString(hmac(payload));
  }

  /** The user of a valid token; empty for any malformed, forged, expired or outdated token. */
  Optional<String> verify(String token) {
    if (secret == null || token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    if (dot <= 0 || dot == token.length() - 1 || token.indexOf('.', dot + 1) >= 0) {
      return Optional.empty();
    }
    byte[] payload;
    byte[] sig;
    try {
      payload = B64D.decode(token.substring(0, dot));
      sig = B64D.decode(token.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(sig, hmac(payload))) {
      return Optional.empty();
    }
    JsonNode p;
    try {
      p = JSON.readTree(payload);
    } catch (JacksonException e) {
      return Optional.empty();
    }
    if (p == null || !p.isObject()) {
      return Optional.empty();
    }
    JsonNode exp = p.get("exp");
    if (exp == null || !exp.isNumber() || exp.asLong() <= 0 || exp.asLong() < clock.millis() / 1000) {
      return Optional.empty();
    }
    JsonNode user = p.get("user");
    if (user == null || !user.isString() || user.stringValue().isEmpty()) {
      return Optional.empty();
    }
    String u = user.stringValue();
    if (credentials.username() != null && !credentials.username().equals(u)) {
      return Optional.empty();
    }
    String fp = credentials.fingerprint();
    JsonNode cred = p.get("cred_v2");
    if (fp != null) {
      String expected = B64.encodeToString(hmac(fp.getBytes(StandardCharsets.UTF_8)));
      if (cred == null || !cred.isString() || !MessageDigest.isEqual(
          expected.getBytes(StandardCharsets.UTF_8), cred.stringValue().getBytes(StandardCharsets.UTF_8))) {
        return Optional.empty();
      }
    }
    return Optional.of(u);
  }

  /** Reads the session cookie from a Cookie header value. */
  static String cookieValue(String cookieHeader) {
    if (cookieHeader == null) {
      return null;
    }
    for (String part : cookieHeader.split(";")) {
      int eq = part.indexOf('=');
      if (eq > 0 && part.substring(0, eq).trim().equals(COOKIE)) {
        return part.substring(eq + 1).trim();
      }
    }
    return null;
  }

  String setCookie(String token, boolean secure) {
    return COOKIE + "=" + token + "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + ttlSeconds + (secure ? "; Secure" : "");
  }

  static String clearCookie(boolean secure) {
    return COOKIE + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0" + (secure ? "; Secure" : "");
  }

  private byte[] hmac(byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
