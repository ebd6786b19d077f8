package dev.fastfn.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes handler output to the server log, one line per log event, as
 * {@code [<runtime>] [fn:<name>@<version> stdout] <line>} (runtimes.md §3.4; the runtime tag is what
 * {@code /_fn/logs?runtime=} filters on), on the logger
 * {@code fastfn.runtime.log} so it can be routed to its own file.
 */
final class OutputLog {
  static final Logger LOG = LoggerFactory.getLogger("fastfn.runtime.log");

  private OutputLog() {}

  static String prefix(dev.fastfn.config.RuntimeKind runtime, String name, String version, String stream) {
    return "[" + runtime.id() + "] [fn:" + name + "@" + version + " " + stream + "]";
  }

  /** Logs each line of {@code text} (a captured stdout/stderr block) after {@code prefix}. */
  static void lines(String prefix, String text) {
    if (text == null || text.isEmpty() || !LOG.isInfoEnabled()) {
      return;
    }
    int start = 0;
    int n = text.length();
    while (start < n) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      int cut = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
      LOG.info("{} {}", prefix, text.substring(start, cut));
      start = end + 1;
    }
  }

  static void line(String prefix, String line) {
    LOG.info("{} {}", prefix, line);
  }
}
