package dev.fastfn.cli;

import dev.fastfn.cli.DoctorReport.Check;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of one domain for {@code doctor domains} that make sense without reaching the internet from
 * CI: {@code domain.format} (a FAIL skips the rest), {@code dns.resolve} (FAIL only when neither an
 * address nor a CNAME resolves) and {@code dns.target} (only with an expected target: one of the
 * addresses or the CNAME must match). TLS and HTTP probes of the reference are not run.
 */
final class DomainChecks {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  private DomainChecks() {}

  /** One configured domain. */
  record Target(String domain, String expectedTarget) {}

  static List<Check> run(Target t, DnsResolver dns) {
    List<Check> out = new ArrayList<>();
    String domain = t.domain();
    Optional<String> formatProblem = formatProblem(domain);
    if (formatProblem.isPresent()) {
      out.add(Check.fail("domain.format", formatProblem.get(), "use a DNS name such as api.example.com")
          .inDomain(domain));
      return out;
    }
    out.add(Check.ok("domain.format", "valid DNS name").inDomain(domain));
    List<String> addresses = dns.addresses(domain);
    Optional<String> cname = dns.cname(domain).map(c -> stripDot(c.toLowerCase(Locale.ROOT)));
    if (addresses.isEmpty() && cname.isEmpty()) {
      out.add(Check.fail("dns.resolve", "no A/AAAA or CNAME record found", "create the DNS record and wait for it "
          + "to propagate").inDomain(domain));
      return out;
    }
    Check resolved = Check.ok("dns.resolve", "resolves to " + (addresses.isEmpty() ? "(no address)"
        : String.join(", ", addresses))).inDomain(domain);
    out.add(cname.map(c -> resolved.withDetails(Map.of("cname", c))).orElse(resolved));
    if (t.expectedTarget() != null && !t.expectedTarget().isBlank()) {
      String expected = stripDot(t.expectedTarget().trim().toLowerCase(Locale.ROOT));
      boolean match = addresses.contains(expected) || cname.filter(expected::equals).isPresent();
      out.add((match ? Check.ok("dns.target", "points at " + expected)
          : Check.fail("dns.target", "does not point at " + expected,
              "set an A record to that address or a CNAME to that host"))
          .withDetails(Map.of("addresses", String.join(", ", addresses), "cname", cname.orElse("-")))
          .inDomain(domain));
    }
    return out;
  }

  /** Empty when {@code d} is a usable host name (≤253 chars, ≥2 labels of [a-z0-9-], no edge hyphen). */
  static Optional<String> formatProblem(String d) {
    if (d == null || d.isBlank()) {
      return Optional.of("domain is empty");
    }
    if (d.length() > 253) {
      return Optional.of("domain is longer than 253 characters");
    }
    if (d.contains("*")) {
      return Optional.of("wildcards are not supported");
    }
    if (d.contains("_")) {
      return Optional.of("underscores are not allowed in host names");
    }
    String[] labels = d.split("\\.", -1);
    if (labels.length < 2) {
      return Optional.of("domain needs at least two labels (e.g. example.com)");
    }
    for (String label : labels) {
      if (label.isEmpty() || label.length() > 63) {
        return Optional.of("label '" + label + "' must be 1-63 characters");
      }
      if (!LABEL.matcher(label).matches()) {
        return Optional.of("label '" + label + "' must use a-z, 0-9 and '-' and not start or end with '-'");
      }
    }
    return Optional.empty();
  }

  private static String stripDot(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
