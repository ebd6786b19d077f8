package dev.fastfn.console;

import dev.fastfn.testing.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fastfn.config.ConsoleSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecurityPrimitivesTest {
  private static final String SALT = "00112233445566778899aabbccddeeff";
  private static final String PBKDF2_S3CRET =
      "pbkdf2-sha256:100000:" + SALT + ":891b3804260d1de3d8934bde5e8d855767c6fe2dd554add6f063b9a9dee105a3";

  @ParameterizedTest(name = "{0} local={1}")
  @CsvSource({
      "127.0.0.1, true", "::1, true", "0:0:0:0:0:0:0:1, true", "::ffff:127.0.0.1, true", "10.1.2.3, true",
      "192.168.0.9, true", "172.16.0.1, true", "172.31.255.1, true", "172.15.0.1, false", "172.32.0.1, false",
      "fc00::1, true", "fd12:3456::1, true", "fe80::1, true", "8.8.8.8, false", "127.0.0.2, false",
      "2001:db8::1, false"})
  void local_addresses_follow_the_reference_rules(String ip, boolean local) {
    assertThat(ClientAddress.of(ip, null, List.of()).local()).isEqualTo(local);
  }

  @Test
  void any_forwarded_for_header_makes_a_request_non_local_without_trusted_proxies() {
    assertThat(ClientAddress.of("127.0.0.1", "127.0.0.1", List.of()).local()).isFalse();
    assertThat(ClientAddress.of("192.168.1.5", "10.0.0.1", List.of()).local()).isFalse();
  }

  @Test
  void trusted_proxies_hand_locality_to_the_right_most_untrusted_hop() {
    List<Cidr> trusted = List.of(Cidr.parse("10.0.0.0/8").orElseThrow());
    ClientAddress remote = ClientAddress.of("10.0.0.2", "127.0.0.1, 203.0.113.7, 10.0.0.3", trusted);
    assertThat(remote).isEqualTo(new ClientAddress("203.0.113.7", false));
    ClientAddress lan = ClientAddress.of("10.0.0.2", "192.168.1.20", trusted);
    assertThat(lan).isEqualTo(new ClientAddress("192.168.1.20", true));
    ClientAddress untrustedPeer = ClientAddress.of("192.168.1.1", "127.0.0.1", trusted);
    assertThat(untrustedPeer.local()).isFalse();
  }

  @Test
  void cidr_blocks_match_by_prefix() {
    Cidr v4 = Cidr.parse("172.16.0.0/12").orElseThrow();
    assertThat(v4.contains(ClientAddress.literal("172.31.1.1").orElseThrow())).isTrue();
    assertThat(v4.contains(ClientAddress.literal("172.32.1.1").orElseThrow())).isFalse();
    assertThat(Cidr.parse("fd00::/8").orElseThrow().contains(ClientAddress.literal("fd12::1").orElseThrow())).isTrue();
    assertThat(Cidr.parse("example.com/8")).isEmpty();
    assertThat(Cidr.parse("10.0.0.0/33")).isEmpty();
  }

  @ParameterizedTest(name = "{0} vs {1} -> {2}")
  @CsvSource({
      "http://127.0.0.1:8080, 127.0.0.1:8080, true",
      "http://localhost, localhost, true",
      "https://example.com, example.com:443, true",
      "http://evil.example, 127.0.0.1:8080, false",
      "http://127.0.0.1:9999, 127.0.0.1:8080, false",
      "null, 127.0.0.1:8080, false",
      "http://[::1]:8080, [::1]:8080, true"})
  void origin_must_match_host_and_port(String origin, String host, boolean same) {
    assertThat(Guard.sameOrigin(origin, host)).isEqualTo(same);
  }

  @Test
  void rate_limiter_is_a_fixed_window_per_key() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    RateLimiter rl = new RateLimiter(clock);
    assertThat(rl.tryAcquire("api:1", 2, 60)).isTrue();
    assertThat(rl.tryAcquire("api:1", 2, 60)).isTrue();
    assertThat(rl.tryAcquire("api:1", 2, 60)).isFalse();
    assertThat(rl.tryAcquire("api:2", 2, 60)).isTrue();
    assertThat(rl.retryAfterSeconds("api:1")).isEqualTo(60);
    clock.advance(Duration.ofSeconds(60));
    assertThat(rl.tryAcquire("api:1", 2, 60)).isTrue();
    assertThat(rl.tryAcquire("x", 0, 60)).isTrue();
    assertThat(rl.tryAcquire("y", 5, 0)).isTrue();
  }

  @Test
  void pbkdf2_matches_the_rfc_7914_vector() {
    byte[] dk = PasswordHash.derive("passwd".getBytes(), "salt".getBytes(), 1, 64);
    assertThat(HexFormat.of().formatHex(dk)).isEqualTo("55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57"
        + "c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
  }

  @Test
  void pbkdf2_hashes_from_python_hashlib_verify() {
    PasswordHash h = PasswordHash.parse(PBKDF2_S3CRET).orElseThrow();
    assertThat(h.matches("s3cret")).isTrue();
    assertThat(h.matches("s3cret!")).isFalse();
    assertThat(PasswordHash.pbkdf2("s3cret", HexFormat.of().parseHex(SALT), 100000)).isEqualTo(PBKDF2_S3CRET);
  }

  @Test
  void weak_or_malformed_hashes_do_not_parse() {
    assertThat(PasswordHash.parse("pbkdf2-sha256:1000:" + SALT + ":abcd")).isEmpty();
    assertThat(PasswordHash.parse("pbkdf2-sha256:100000:zz:abcd")).isEmpty();
    assertThat(PasswordHash.parse("pbkdf2-sha256:100000:" + SALT)).isEmpty();
    assertThat(PasswordHash.parse("md5:abc")).isEmpty();
    String sha = HexFormat.of().formatHex(PasswordHash.sha256("pw".getBytes()));
    assertThat(PasswordHash.parse("sha256:" + sha).orElseThrow().matches("pw")).isTrue();
    assertThat(PasswordHash.parse(sha).orElseThrow().matches("pw")).isTrue();
  }

  @Test
  void an_invalid_hash_never_falls_back_to_the_plaintext_password() {
    Credentials c = Credentials.from(settings("admin", "pbkdf2-sha256:10:00:00", "plain", "k"));
    assertThat(c.configured()).isFalse();
    assertThat(c.verify("admin", "plain")).isFalse();
    Credentials plain = Credentials.from(settings("admin", null, "plain", "k"));
    assertThat(plain.verify("admin", "plain")).isTrue();
    assertThat(plain.verify("root", "plain")).isFalse();
  }

  @Test
  void session_tokens_round_trip_and_reject_tampering_expiry_and_rotation() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    Credentials creds = Credentials.from(settings("admin", PBKDF2_S3CRET, null, "k"));
    SessionCodec codec = new SessionCodec("session-key", creds, 60, clock);
    String token = codec.issue("admin");
    assertThat(codec.verify(token)).contains("admin");
    assertThat(codec.verify(token.substring(0, token.indexOf('.')) + ".AAAA")).isEmpty();
    assertThat(codec.verify("garbage")).isEmpty();
    assertThat(codec.verify(token + ".x")).isEmpty();
    assertThat(new SessionCodec("other-key", creds, 60, clock).verify(token)).isEmpty();
    Credentials rotated = Credentials.from(settings("admin", null, "new-password", "k"));
    assertThat(new SessionCodec("session-key", rotated, 60, clock).verify(token)).isEmpty();
    assertThat(new SessionCodec(null, creds, 60, clock).verify(token)).isEmpty();
    clock.advance(Duration.ofSeconds(61));
    assertThat(codec.verify(token)).isEmpty();
    assertThat(codec.setCookie("t", true)).isEqualTo("fastfn_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=60; Secure");
    assertThat(SessionCodec.clearCookie(false)).isEqualTo("fastfn_session=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    assertThat(SessionCodec.cookieValue("a=1; fastfn_session=abc.def; b=2")).isEqualTo("abc.def");
  }

  static ConsoleSettings settings(String user, String hash, String password, String secret) {
    return new ConsoleSettings(true, true, false, true, null, false, true, false, user, hash, password, secret,
        43200, 5, 300, 120, 60, 30, false, List.of());
  }
}
