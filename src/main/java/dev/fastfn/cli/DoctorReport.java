package dev.fastfn.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Results of {@code fastfn doctor}, printed as text or JSON (security-cli-ui.md B3). Text:
 * {@code FastFN Doctor (<scope>)}, then {@code [OK]|[WARN]|[FAIL] [<domain>] <id>: <message>} with
 * optional {@code   hint:} and sorted detail lines, then {@code Summary: OK=n WARN=n FAIL=n}.
 */
final class DoctorReport {
  enum Status { OK, WARN, FAIL }

  /** One check; {@code domain} only for domain checks. */
  record Check(String domain, String id, Status status, String message, String hint, Map<String, String> details) {
    Check {
      details = details == null ? Map.of() : Map.copyOf(details);
    }

    static Check ok(String id, String message) {
      return new Check(null, id, Status.OK, message, null, null);
    }

    static Check warn(String id, String message, String hint) {
      return new Check(null, id, Status.WARN, message, hint, null);
    }

    static Check fail(String id, String message, String hint) {
      return new Check(null, id, Status.FAIL, message, hint, null);
    }

    Check withDetails(Map<String, String> d) {
      return new Check(domain, id, status, message, hint, d);
    }

    Check inDomain(String d) {
      return new Check(d, id, status, message, hint, details);
    }
  }

  private final String scope;
  private final List<Check> checks = new ArrayList<>();

  DoctorReport(String scope) {
    this.scope = scope;
  }

  void add(Check c) {
    checks.add(c);
  }

  List<Check> checks() {
    return List.copyOf(checks);
  }

  long count(Status s) {
    return checks.stream().filter(c -> c.status() == s).count();
  }

  void printText(PrintWriter out) {
    out.println("FastFN Doctor (" + scope + ")");
    for (Check c : checks) {
      out.println("[" + c.status() + "] " + (c.domain() == null ? "" : "[" + c.domain() + "] ") + c.id() + ": "
          + c.message());
      if (c.hint() != null) {
        out.println("  hint: " + c.hint());
      }
      new TreeMap<>(c.details()).forEach((k, v) -> out.println("  " + k + ": " + v));
    }
    out.println("Summary: OK=" + count(Status.OK) + " WARN=" + count(Status.WARN) + " FAIL=" + count(Status.FAIL));
  }

  void printJson(PrintWriter out, Instant now) {
    JsonMapper json = JsonMapper.builder().build();
    ObjectNode root = json.createObjectNode();
    root.put("scope", scope);
    root.put("generated_at", now.truncatedTo(ChronoUnit.SECONDS).toString());
    ArrayNode arr = root.putArray("checks");
    for (Check c : checks) {
      ObjectNode n = arr.addObject();
      if (c.domain() != null) {
        n.put("domain", c.domain());
      }
      n.put("id", c.id());
      n.put("status", c.status().name());
      n.put("message", c.message());
      if (c.hint() != null) {
        n.put("hint", c.hint());
      }
      if (!c.details().isEmpty()) {
        ObjectNode d = n.putObject("details");
        new TreeMap<>(c.details()).forEach(d::put);
      }
    }
    ObjectNode summary = root.putObject("summary");
    summary.put("ok", count(Status.OK));
    summary.put("warn", count(Status.WARN));
    summary.put("fail", count(Status.FAIL));
    out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(root));
  }

  /** 0, or 1 with {@code Error: <what> found N failing check(s)} on stderr. */
  int exitCode(PrintWriter err, String what) {
    long fails = count(Status.FAIL);
    if (fails == 0) {
      return 0;
    }
    err.println("Error: " + what + " found " + fails + " failing check(s)");
    return 1;
  }
}
