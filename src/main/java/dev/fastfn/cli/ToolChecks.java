package dev.fastfn.cli;

import dev.fastfn.cli.DoctorReport.Check;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code runtime.python}, {@code runtime.pip}, {@code runtime.node}, {@code runtime.npm}: each tool is
 * looked up as the server would run it (FN_PYTHON_BIN / FN_NODE_BIN / FN_NPM_BIN, else PATH) and asked
 * for its version. A missing tool is a WARN: only functions of that runtime are affected; an
 * override that points nowhere is a WARN naming the variable.
 */
final class ToolChecks {
  private ToolChecks() {}

  static void add(DoctorReport report, Map<String, String> env) {
    Optional<Path> python = tool(report, env, "runtime.python", "Python", "FN_PYTHON_BIN", "python3", "--version",
        "install python3 (3.9+) to run Python functions");
    if (python.isPresent()) {
      Optional<String> pip = Executables.firstLine(python.get(), env, "-m", "pip", "--version");
      report.add(pip.map(v -> Check.ok("runtime.pip", shortPip(v)))
          .orElseGet(() -> Check.warn("runtime.pip", "pip is not available for " + python.get(),
              "install python3-pip; functions with requirements.txt need it")));
    } else {
      report.add(Check.warn("runtime.pip", "skipped: python3 not found", null));
    }
    tool(report, env, "runtime.node", "Node", "FN_NODE_BIN", "node", "--version",
        "install Node.js 18+ to run Node functions");
    tool(report, env, "runtime.npm", "npm", "FN_NPM_BIN", "npm", "--version",
        "install npm; functions with package.json need it");
  }

  private static Optional<Path> tool(DoctorReport report, Map<String, String> env, String id, String label,
      String override, String defaultName, String versionFlag, String hint) {
    String configured = env.get(override);
    boolean overridden = configured != null && !configured.isBlank();
    String name = overridden ? configured.trim() : defaultName;
    Optional<Path> found = Executables.find(name, env);
    if (found.isEmpty()) {
      report.add(overridden
          ? Check.warn(id, label + " override " + override + "=\"" + configured + "\" is invalid", hint)
          : Check.warn(id, defaultName + " not found on PATH", hint));
      return Optional.empty();
    }
    Optional<String> version = Executables.firstLine(found.get(), env, versionFlag);
    if (version.isEmpty()) {
      report.add(Check.warn(id, found.get() + " did not report a version", hint));
      return Optional.empty();
    }
    report.add(Check.ok(id, label + " " + version.get().replaceFirst("^(?i)python\\s+", "") + " (" + found.get() + ")"));
    return found;
  }

  /** "pip 23.2.1 from /usr/lib/... (python 3.11)" -> "pip 23.2.1". */
  private static String shortPip(String line) {
    int from = line.indexOf(" from ");
    return from > 0 ? line.substring(0, from) : line;
  }
}
