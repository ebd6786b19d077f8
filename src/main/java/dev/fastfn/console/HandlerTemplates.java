package dev.fastfn.console;

import dev.fastfn.config.RuntimeKind;

/**
 * The runnable handler a create writes when no code is given (console-api.md §3.3): it answers 200
 * with JSON {@code {"query": <request query>}}.
 */
final class HandlerTemplates {
  private HandlerTemplates() {}

  static String of(RuntimeKind runtime) {
    return switch (runtime) {
      case PYTHON -> """
          import json


          def handler(event):
              query = event.get("query") or {}
              return {
                  "status": 200,
                  "headers": {"Content-Type": "application/json"},
                  "body": json.dumps({"query": query}),
              }
          """;
      case NODE -> """
          exports.handler = async (event) => ({
            status: 200,
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ query: event.query || {} }),
          });
          """;
    };
  }
}
