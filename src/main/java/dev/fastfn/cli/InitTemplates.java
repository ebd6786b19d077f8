package dev.fastfn.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The files {@code fastfn init} writes, per runtime, in the order they are listed to the user. */
final class InitTemplates {
  static final List<String> RUNTIMES = List.of("python", "node");

  private InitTemplates() {}

  static Map<String, String> files(String runtime, String name) {
    String entry = runtime.equals("python") ? "handler.py" : "handler.js";
    Map<String, String> files = new LinkedHashMap<>();
    files.put("fn.config.json", config(runtime, name, entry));
    files.put(entry, runtime.equals("python") ? python(name) : node(name));
    if (runtime.equals("python")) {
      files.put("requirements.txt", "# Python packages for this function, one per line (installed with pip).\n");
    }
    files.put("README.md", readme(runtime, name, entry));
    return files;
  }

  private static String config(String runtime, String name, String entry) {
    return """
        {
          "runtime": "%s",
          "name": "%s",
          "version": "1.0.0",
          "entrypoint": "%s",
          "timeout_ms": 2500,
          "max_concurrency": 20,
          "max_body_bytes": 1048576,
          "invoke": {
            "methods": ["GET", "POST"],
            "summary": "%s function",
            "query": {"name": "World"}
          }
        }
        """.formatted(runtime, name, entry, name);
  }

  private static String python(String name) {
    return """
        def handler(event):
            \"""Answers GET and POST /%1$s. `event` has method, path, query, params, headers and body.\"""
            query = event.get("query") or {}
            who = query.get("name", "World")
            print(f"%1$s called with name={who}")  # shows up in runtime.log and `fastfn logs`
            return {
                "message": f"Hello, {who}!",
                "function": "%1$s",
                "runtime": "python",
                "method": event.get("method"),
                "params": event.get("params") or {},
            }
        """.formatted(name);
  }

  private static String node(String name) {
    return """
        // Answers GET and POST /%1$s. `event` has method, path, query, params, headers and body.
        exports.handler = async (event) => {
          const query = event.query || {};
          const who = query.name || "World";
          console.log(`%1$s called with name=${who}`); // shows up in runtime.log and `fastfn logs`
          return {
            message: `Hello, ${who}!`,
            function: "%1$s",
            runtime: "node",
            method: event.method,
            params: event.params || {},
          };
        };
        """.formatted(name);
  }

  private static String readme(String runtime, String name, String entry) {
    return """
        # %1$s

        A %2$s function created by `fastfn init`.

        ```sh
        fastfn dev .            # from the folder that contains %1$s/
        curl 'http://127.0.0.1:8080/%1$s?name=Ada'
        curl -X POST 'http://127.0.0.1:8080/%1$s' -H 'Content-Type: application/json' -d '{"hello":"world"}'
        ```

        - `%3$s`: the handler. It receives the request as `event` and returns a JSON-able value, or
          `{"status": 201, "headers": {...}, "body": "..."}` for full control.
        - `fn.config.json`: methods, routes (`invoke.routes`), limits (`timeout_ms`, `max_concurrency`,
          `max_body_bytes`) and the OpenAPI summary and examples shown at `/_fn/docs`.
        - Handler output (`print` / `console.log`) goes to the runtime log: `fastfn logs --file runtime`.
        """.formatted(name, runtime, entry);
  }
}
