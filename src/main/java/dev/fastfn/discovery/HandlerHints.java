package dev.fastfn.discovery;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Metadata hints in the first 80 lines of a handler ({@code # @summary text} or
 * {@code // @summary text}; also {@code @methods}, {@code @query <json>}, {@code @body},
 * {@code @content_type}), routing.md §4.8. Config values win over hints.
 *
 * <p>Results are cached by (path, size, mtime) across scans so a rescan reads only changed handlers.
 * Used by one scan at a time (scans are serialized by {@link CatalogHolder}); {@link #startScan}
 * drops entries not used by the previous scan.
 */
final class HandlerHints {
  private static final int MAX_LINES = 80;
  /** A whole file this small without an '@' has no hints; longer heads are parsed line by line. */
  private static final int HEAD_BYTES = 16 * 1024;
  private static final Pattern HINT = Pattern.compile("^\\s*(?:#|//)\\s*@([A-Za-z_]+)\\s+(.*?)\\s*$");

  /** Parsed hints; fields are null/empty when absent. */
  record Hints(String summary, List<String> methods, JsonNode query, JsonNode body, String contentType) {
    static final Hints NONE = new Hints(null, List.of(), null, null, null);

    Hints {
      methods = List.copyOf(methods);
    }
  }

  private final FileCache<Hints> cache = new FileCache<>();

  /** Begins a scan: entries not looked up during the last scan are forgotten. */
  void startScan() {
    cache.startScan();
  }

  /** Hints of {@code file} as listed by the scan ({@code info} null: not a listed regular file). */
  Hints read(Path file, TreeView.FileInfo info) {
    return info == null ? Hints.NONE : cache.get(file, info, HandlerHints::parse, h -> true);
  }

  static Hints parse(Path file) {
    if (!FileHead.mayMention(file, HEAD_BYTES, "@")) {
      return Hints.NONE; // most handlers: settled by one read, without a decoder
    }
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE)
        .onUnmappableCharacter(CodingErrorAction.REPLACE);
    String summary = null;
    List<String> methods = List.of();
    JsonNode query = null;
    JsonNode body = null;
    String contentType = null;
    try (BufferedReader r = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file), decoder))) {
      for (int i = 0; i < MAX_LINES; i++) {
        String line = r.readLine();
        if (line == null) {
          break;
        }
        if (line.indexOf('@') < 0) {
          continue;
        }
        Matcher m = HINT.matcher(line);
        if (!m.matches()) {
          continue;
        }
        String value = m.group(2);
        if (value.isEmpty()) {
          continue;
        }
        switch (m.group(1).toLowerCase(Locale.ROOT)) {
          case "summary" -> summary = summary == null ? value : summary;
          case "methods" -> methods = methods.isEmpty()
              ? FnConfigParser.methodList(FnConfigParser.text(value)) : methods;
          case "query" -> {
            JsonNode q = FnConfigParser.tryJson(value);
            query = query == null && q != null && q.isObject() ? q : query;
          }
          case "body" -> {
            if (body == null) {
              JsonNode b = FnConfigParser.tryJson(value);
              body = b != null && b.isContainer() ? b : FnConfigParser.text(value);
            }
          }
          case "content_type" -> contentType = contentType == null ? value : contentType;
          default -> { }
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      return Hints.NONE;
    }
    if (summary == null && methods.isEmpty() && query == null && body == null && contentType == null) {
      return Hints.NONE;
    }
    return new Hints(summary, methods, query, body, contentType);
  }
}
