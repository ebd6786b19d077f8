package dev.fastfn.deps;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading Python requirement lists: requirements.txt lines and inline {@code #@requirements} comments. Pure. */
final class Requirements {
  /** runtimes.md §5.2 step 1: {@code #requirements a b} or {@code #@requirements a, b}. */
  private static final Pattern INLINE = Pattern.compile("^\\s*#@?requirements\\s+(.+?)\\s*$");
  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_.\\-]+");

  private static final int HEAD_BYTES = 16 * 1024;

  private Requirements() {}

  /** Spec tokens from every inline requirements comment in the first {@code maxLines} lines, in order, deduped. */
  static List<String> inline(Path file, int maxLines) {
    List<String> out = new ArrayList<>();
    if (!dev.fastfn.discovery.FileHead.mayMention(file, HEAD_BYTES, "requirements")) {
      return out;
    }
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      for (int i = 0; i < maxLines && (line = r.readLine()) != null; i++) {
        Matcher m = INLINE.matcher(line);
        if (m.matches()) {
          for (String tok : m.group(1).replace(',', ' ').trim().split("\\s+")) {
            if (!tok.isEmpty() && !out.contains(tok)) {
              out.add(tok);
            }
          }
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      return out; // unreadable or not UTF-8: no inline requirements
    }
    return out;
  }

  /** Non-blank, non-comment lines: anything pip would act on (options included). */
  static List<String> effectiveLines(String text) {
    List<String> out = new ArrayList<>();
    if (text == null) {
      return out;
    }
    for (String line : text.split("\\R")) {
      String t = line.strip();
      if (!t.isEmpty() && !t.startsWith("#")) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Lower-cased package names of a requirements text, in file order: the leading name of each
   * line; options ({@code -r}, {@code --index-url}), comments and URL/VCS/file specs are skipped.
   */
  static List<String> names(String text) {
    List<String> out = new ArrayList<>();
    for (String line : effectiveLines(text)) {
      String n = nameOf(line);
      if (n != null && !out.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /** The lower-cased package name of one spec ("Foo[bar]>=1" -> "foo"), or null for options and URLs. */
  static String nameOf(String spec) {
    String t = spec.strip();
    String lower = t.toLowerCase(Locale.ROOT);
    if (t.startsWith("-") || lower.startsWith("git+") || lower.startsWith("http://")
        || lower.startsWith("https://") || lower.startsWith("file:")) {
      return null;
    }
    Matcher m = NAME.matcher(t);
    return m.find() ? m.group().toLowerCase(Locale.ROOT) : null;
  }

  /** Names for display: sorted and deduped. */
  static List<String> sortedNames(List<String> specs) {
    TreeSet<String> s = new TreeSet<>();
    for (String spec : specs) {
      String n = nameOf(spec);
      if (n != null) {
        s.add(n);
      }
    }
    return List.copyOf(s);
  }
}
