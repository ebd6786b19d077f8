package dev.fastfn.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages fastfn can run. Parsed from names in one place ({@link #parse}); anything else is
 * rejected at startup.
 */
public enum RuntimeKind {
  PYTHON("python", List.of(".py"), List.of("handler.py", "main.py")),
  NODE("node", List.of(".js", ".ts"), List.of("handler.js", "handler.ts", "index.js", "index.ts"));

  private final String id;
  private final List<String> extensions;
  private final List<String> entryCandidates;

  RuntimeKind(String id, List<String> extensions, List<String> entryCandidates) {
    this.id = id;
    this.extensions = extensions;
    this.entryCandidates = entryCandidates;
  }

  /** The lower-case name used in URLs, folders, JSON and env ("python", "node"). */
  public String id() {
    return id;
  }

  public List<String> extensions() {
    return extensions;
  }

  /** Canonical single-entry file names in priority order (routing.md §1.4). */
  public List<String> entryCandidates() {
    return entryCandidates;
  }

  public static Optional<RuntimeKind> parse(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (RuntimeKind k : values()) {
      if (k.id.equals(n)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** Runtime of a file by extension, case-insensitive; `.d.ts` is never a function file. */
  public static Optional<RuntimeKind> forFile(String fileName) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".d.ts")) {
      return Optional.empty();
    }
    for (RuntimeKind k : values()) {
      for (String ext : k.extensions) {
        if (lower.endsWith(ext)) {
          return Optional.of(k);
        }
      }
    }
    return Optional.empty();
  }

  public static List<RuntimeKind> defaults() {
    return List.of(PYTHON, NODE);
  }

  @Override
  public String toString() {
    return id;
  }
}
