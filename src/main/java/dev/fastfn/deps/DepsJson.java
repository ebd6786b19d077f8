package dev.fastfn.deps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/** JSON and file writing shared by this package: one immutable mapper, npm-style pretty printing, atomic writes. */
final class DepsJson {
  static final JsonMapper MAPPER = JsonMapper.builder().build();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** 2-space indent, {@code "key": value}, arrays one element per line: what npm and humans write. */
  private static final ObjectWriter PRETTY = MAPPER.writer().with(
      new DefaultPrettyPrinter(Separators.createDefaultInstance()
              .withObjectNameValueSpacing(Separators.Spacing.AFTER)
              .withObjectEmptySeparator("")
              .withArrayEmptySeparator(""))
          .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
          .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n")));

  private DepsJson() {}

  static String pretty(JsonNode node) {
    return PRETTY.writeValueAsString(node) + "\n";
  }

  /** Writes {@code text} to {@code target} via a temp file in the same folder and a rename. */
  static void writeAtomically(Path target, String text) throws IOException {
    dev.fastfn.discovery.AtomicFiles.write(target, text.getBytes(StandardCharsets.UTF_8));
  }

}
