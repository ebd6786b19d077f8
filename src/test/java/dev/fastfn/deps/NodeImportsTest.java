package dev.fastfn.deps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class NodeImportsTest {
  private static final Set<String> BUILTINS = Set.of("fs", "path", "fs/promises", "http");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "lodash, lodash",
      "lodash/fp, lodash",
      "@scope/pkg, @scope/pkg",
      "@scope/pkg/sub/path, @scope/pkg",
      "is-number, is-number",
      "./local, IGNORED",
      "../up, IGNORED",
      "/abs/path, IGNORED",
      "node:fs, IGNORED",
      "fs, IGNORED",
      "fs/promises, IGNORED",
      "http, IGNORED",
      "https://cdn/x.js, IGNORED",
      "#internal, IGNORED",
      "~/x, IGNORED",
      "@/alias, IGNORED",
      "mypack, IGNORED",
      "@bad/, UNRESOLVED",
      "@bad, UNRESOLVED",
      "bad name!, UNRESOLVED",
  })
  void specifiers_map_to_packages(String spec, String expected) {
    NodeImports.Mapped m = NodeImports.map(spec, BUILTINS, Set.of("mypack"));
    String got = switch (m) {
      case NodeImports.Mapped.Ignored i -> "IGNORED";
      case NodeImports.Mapped.Unresolved u -> "UNRESOLVED";
      case NodeImports.Mapped.Package p -> p.name();
    };
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void scanning_finds_every_import_form_and_skips_comments_but_not_strings() {
    String src = """
        import def, { a, b } from "esm-default";
        import * as ns from 'esm-ns';
        import type { T } from "types-only";
        import "side-effect";
        export { x } from "re-export";
        export * from "re-export-all";
        const r = require( 'cjs' );
        const lazy = await import("dynamic");
        // const no = require("line-comment");
        /* import gone from "block-comment"; */
        const url = "http://example.com/require('not-real')";
        """;

    assertThat(NodeImports.scanSource(src)).containsExactlyInAnyOrder("esm-default", "esm-ns", "types-only",
        "side-effect", "re-export", "re-export-all", "cjs", "dynamic");
  }

  @Test
  void python_alias_table_covers_the_well_known_mismatches() {
    assertThat(List.of("yaml", "PIL", "cv2", "sklearn", "bs4", "requests", "MyInternalSDK").stream()
        .map(PythonImports::packageFor).toList())
        .containsExactly("PyYAML", "Pillow", "opencv-python", "scikit-learn", "beautifulsoup4", "requests", null);
  }
}
