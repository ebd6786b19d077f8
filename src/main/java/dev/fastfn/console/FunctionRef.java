package dev.fastfn.console;

import dev.fastfn.config.RuntimeKind;
import dev.fastfn.gateway.FnHttpException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A function as the console addresses it: {@code runtime}, {@code name}, optional {@code version},
 * validated (D13) before anything touches the filesystem.
 *
 * @param version null for the default version
 */
record FunctionRef(RuntimeKind runtime, String name, String version) {

  /**
   * Reads {@code runtime}, {@code name}, {@code version} from query parameters.
   *
   * @param enabled enabled runtimes (FN_RUNTIMES)
   * @param createOnly accept only names the console can create (no file-route targets)
   */
  static FunctionRef fromQuery(Map<String, Object> query, List<RuntimeKind> enabled, boolean createOnly) {
    return of(ConsoleRequests.param(query, "runtime"), ConsoleRequests.param(query, "name"),
        ConsoleRequests.param(query, "version"), enabled, createOnly);
  }

  static FunctionRef of(String runtime, String name, String version, List<RuntimeKind> enabled, boolean createOnly) {
    RuntimeKind rt = runtime(runtime, enabled);
    if (name == null) {
      throw new FnHttpException.BadRequest("name is required");
    }
    boolean plain = ConsoleNames.isFunctionName(name);
    if (!plain && (createOnly || !ConsoleNames.isFileTarget(name))) {
      throw new FnHttpException.BadRequest("invalid function name");
    }
    if (version != null && !ConsoleNames.isVersion(version)) {
      throw new FnHttpException.BadRequest("invalid version");
    }
    if (version != null && !plain) {
      throw new FnHttpException.BadRequest("version not supported for file targets");
    }
    return new FunctionRef(rt, name, version);
  }

  /** Parses and checks a runtime name: 400 {@code invalid runtime} / {@code unknown runtime}. */
  static RuntimeKind runtime(String runtime, List<RuntimeKind> enabled) {
    if (runtime == null) {
      throw new FnHttpException.BadRequest("runtime is required");
    }
    if (!ConsoleNames.isRuntime(runtime)) {
      throw new FnHttpException.BadRequest("invalid runtime");
    }
    RuntimeKind rt = RuntimeKind.parse(runtime).filter(enabled::contains).orElse(null);
    if (rt == null || !rt.id().equals(runtime)) {
      throw new FnHttpException.BadRequest("unknown runtime: " + runtime);
    }
    return rt;
  }

  /** True for names of runtime-scoped folders ({@code <root>/<runtime>/<name>}); false for file targets. */
  boolean isFolderName() {
    return ConsoleNames.isFunctionName(name);
  }

  /** {@code <root>/<runtime>/<name>[/<version>]} (only meaningful when {@link #isFolderName()}). */
  Path folderUnder(Path root) {
    Path p = root.resolve(runtime.id());
    for (String seg : name.split("/")) {
      p = p.resolve(seg);
    }
    return version == null ? p : p.resolve(version);
  }

  /** "python/demo-new" or "python/demo-new@v2", for messages and logs. */
  String label() {
    return runtime.id() + "/" + name + (version == null ? "" : "@" + version);
  }
}
