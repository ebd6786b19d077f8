package dev.fastfn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** DNS is outside the machine, so these tests answer lookups from a table (Cli.dnsAddresses). */
class DoctorDomainsCommandTest {
  @TempDir
  Path dir;

  @Test
  void resolving_domain_pointing_at_the_expected_target_is_ok() {
    Cli cli = new Cli(dir);
    cli.dnsAddresses.put("api.example.com", List.of("203.0.113.7"));
    assertThat(cli.run("doctor", "domains", "--domain", "API.example.com.", "--expected-target", "203.0.113.7"))
        .isZero();
    assertThat(cli.out()).isEqualTo("""
        FastFN Doctor (domains)
        [OK] [api.example.com] domain.format: valid DNS name
        [OK] [api.example.com] dns.resolve: resolves to 203.0.113.7
        [OK] [api.example.com] dns.target: points at 203.0.113.7
          addresses: 203.0.113.7
          cname: -
        Summary: OK=3 WARN=0 FAIL=0
        """);
  }

  @Test
  void cname_target_matches_and_is_reported() {
    Cli cli = new Cli(dir);
    cli.dnsCnames.put("www.example.com", "edge.example.net.");
    assertThat(cli.run("doctor", "domains", "--domain", "www.example.com", "--expected-target", "edge.example.net"))
        .isZero();
    assertThat(cli.out()).contains("[OK] [www.example.com] dns.resolve: resolves to (no address)\n  cname: edge.example.net\n")
        .contains("[OK] [www.example.com] dns.target: points at edge.example.net");
  }

  @Test
  void bad_format_fails_and_skips_dns() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("doctor", "domains", "--domain", "under_score.example.com,-edge.example.com,localhost,*.x.com"))
        .isEqualTo(1);
    assertThat(cli.out()).contains("[FAIL] [under_score.example.com] domain.format: underscores are not allowed")
        .contains("[FAIL] [-edge.example.com] domain.format: label '-edge' must use a-z, 0-9 and '-'")
        .contains("[FAIL] [localhost] domain.format: domain needs at least two labels")
        .contains("[FAIL] [*.x.com] domain.format: wildcards are not supported")
        .doesNotContain("dns.resolve");
    assertThat(cli.err()).isEqualTo("Error: doctor domains found 4 failing check(s)\n");
  }

  @Test
  void unresolvable_or_misdirected_domains_fail() {
    Cli cli = new Cli(dir);
    cli.dnsAddresses.put("b.example.com", List.of("198.51.100.1"));
    assertThat(cli.run("doctor", "domains", "--json", "--domain", "a.example.com", "--domain", "b.example.com",
        "--expected-target", "203.0.113.7")).isEqualTo(1);
    JsonNode r = JsonMapper.builder().build().readTree(cli.out());
    assertThat(r.path("scope").asString()).isEqualTo("domains");
    assertThat(r.at("/checks/1").toString()).contains("\"domain\":\"a.example.com\"", "\"id\":\"dns.resolve\"",
        "\"status\":\"FAIL\"");
    assertThat(r.at("/checks/4/id").asString()).isEqualTo("dns.target");
    assertThat(r.at("/checks/4/status").asString()).isEqualTo("FAIL");
    assertThat(r.path("summary").toString()).isEqualTo("{\"ok\":3,\"warn\":0,\"fail\":2}");
  }

  @Test
  void domains_come_from_fastfn_json_in_every_documented_shape() throws Exception {
    Files.writeString(dir.resolve("fastfn.json"), """
        {"domains": ["one.example.com", {"host": "two.example.com", "expected-target": "10.9.9.9"},
                     {"domain": "ONE.example.com"}]}
        """);
    Cli cli = new Cli(dir);
    cli.dnsAddresses.put("one.example.com", List.of("192.0.2.1"));
    cli.dnsAddresses.put("two.example.com", List.of("10.9.9.9"));
    assertThat(cli.run("doctor", "domains")).isZero();
    assertThat(cli.out()).contains("[OK] [one.example.com] dns.resolve", "[OK] [two.example.com] dns.target")
        .containsOnlyOnce("[one.example.com] domain.format");
  }

  @Test
  void no_domains_is_an_error() {
    Cli cli = new Cli(dir);
    assertThat(cli.run("doctor", "domains")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("Error: no domains configured. use --domain or set domains in fastfn.json\n");
    Cli blank = new Cli(dir);
    assertThat(blank.run("doctor", "domains", "--domain", " ")).isEqualTo(1);
    assertThat(blank.err()).isEqualTo("Error: no valid --domain values provided\n");
  }

  @Test
  void malformed_domains_config_is_an_error() throws Exception {
    Files.writeString(dir.resolve("fastfn.json"), "{\"domains\": [42]}");
    Cli cli = new Cli(dir);
    assertThat(cli.run("doctor", "domains")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("Error: invalid domains config: entries must be strings or objects\n");
  }
}
