package dev.fastfn.cli;

import dev.fastfn.config.ProjectFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/**
 * {@code fastfn doctor domains [--domain d]... [--expected-target t] [--json]}: domains come from the
 * flags (repeatable, comma-separated) or from {@code domains} in fastfn.json (a string, a list of
 * strings, or objects with {@code domain|host|name} and {@code expected-target}), de-duplicated.
 */
@Command(name = "domains", description = "Check custom domains: name format, DNS resolution and target.")
final class DoctorDomainsCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Option(names = "--domain", paramLabel = "DOMAIN", split = ",", description = "Domain to check (repeatable)")
  List<String> domains;

  @Option(names = "--expected-target", paramLabel = "TARGET",
      description = "IP address or CNAME target the domains must point at")
  String expectedTarget;

  @Option(names = "--enforce-https", arity = "1", defaultValue = "true",
      description = "Accepted for compatibility; HTTPS probes are not run")
  boolean enforceHttps;

  @Option(names = "--json", description = "Machine-readable output")
  boolean json;

  @Option(names = "--config", paramLabel = "FILE", description = "Project file (default ./fastfn.json)")
  Path configFile;

  DoctorDomainsCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    List<DomainChecks.Target> targets = targets();
    DoctorReport report = new DoctorReport("domains");
    for (DomainChecks.Target t : targets) {
      DomainChecks.run(t, ctx.dns()).forEach(report::add);
    }
    if (json) {
      report.printJson(ctx.out(), ctx.clock().instant());
    } else {
      report.printText(ctx.out());
    }
    ctx.out().flush();
    return report.exitCode(ctx.err(), "doctor domains");
  }

  private List<DomainChecks.Target> targets() {
    Map<String, DomainChecks.Target> out = new LinkedHashMap<>();
    if (domains != null) {
      for (String d : domains) {
        String n = normalize(d);
        if (!n.isEmpty()) {
          out.putIfAbsent(n, new DomainChecks.Target(n, expectedTarget));
        }
      }
      if (out.isEmpty()) {
        throw new CliFailure("no valid --domain values provided");
      }
      return List.copyOf(out.values());
    }
    ProjectFile project = ServeOptions.loadProject(configFile, ctx.cwd());
    JsonNode node = project.raw() == null ? null : project.raw().get("domains");
    if (node == null || node.isNull()) {
      throw new CliFailure("no domains configured. use --domain or set domains in fastfn.json");
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
    } else {
      items.add(node);
    }
    for (JsonNode item : items) {
      DomainChecks.Target t = fromConfig(item);
      out.putIfAbsent(t.domain(), t);
    }
    if (out.isEmpty()) {
      throw new CliFailure("no domains configured. use --domain or set domains in fastfn.json");
    }
    return List.copyOf(out.values());
  }

  private DomainChecks.Target fromConfig(JsonNode item) {
    if (item.isString()) {
      return new DomainChecks.Target(normalize(item.asString()), expectedTarget);
    }
    if (item.isObject()) {
      String d = text(item, "domain", "host", "name");
      if (d == null) {
        throw new CliFailure("invalid domains config: an entry has no domain, host or name");
      }
      String target = text(item, "expected-target", "expected_target", "expectedTarget", "target");
      return new DomainChecks.Target(normalize(d), target != null ? target : expectedTarget);
    }
    throw new CliFailure("invalid domains config: entries must be strings or objects");
  }

  private static String text(JsonNode obj, String... names) {
    for (String n : names) {
      JsonNode v = obj.get(n);
      if (v != null && v.isString() && !v.asString().isBlank()) {
        return v.asString().trim();
      }
    }
    return null;
  }

  private static String normalize(String d) {
    String n = d == null ? "" : d.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
