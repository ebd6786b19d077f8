package dev.fastfn.logs;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The log files a server writes; the names are public API ({@code ?file=}, {@code --file}). */
public enum LogFile {
  /** Handler stdout/stderr lines, {@code [fn:<name>@<version> stdout] text} (logger {@code fastfn.runtime.log}). */
  RUNTIME("runtime", "fastfn.runtime.log"),
  /** One line per request, written by {@link AccessLog} (no logger: it is on every request's path). */
  ACCESS("access", null),
  /** WARN and ERROR from every logger. */
  ERROR("error", org.slf4j.Logger.ROOT_LOGGER_NAME);

  private final String id;
  private final String loggerName;

  LogFile(String id, String loggerName) {
    this.id = id;
    this.loggerName = loggerName;
  }

  public String id() {
    return id;
  }

  /** The SLF4J logger whose events this file receives; null for {@link #ACCESS}. */
  public String loggerName() {
    return loggerName;
  }

  public String fileName() {
    return id + ".log";
  }

  public Path in(Path logsDir) {
    return logsDir.resolve(fileName());
  }

  public static Optional<LogFile> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (LogFile f : values()) {
      if (f.id.equals(n)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }
}
