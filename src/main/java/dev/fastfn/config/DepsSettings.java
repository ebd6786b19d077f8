package dev.fastfn.config;

/** Dependency install and inference (runtimes.md §5, issue 6). */
public record DepsSettings(
    boolean autoRequirements,
    boolean autoNodeDeps,
    boolean inferPython,
    boolean inferNode,
    boolean writeManifest,
    boolean strict,
    String pythonInferBackend,
    String nodeInferBackend,
    boolean preinstallOnStart,
    int installConcurrency) {

  static DepsSettings from(EnvReader e) {
    return new DepsSettings(
        e.bool("FN_AUTO_REQUIREMENTS", true),
        e.bool("FN_AUTO_NODE_DEPS", true),
        e.bool("FN_AUTO_INFER_PY_DEPS", true),
        e.bool("FN_AUTO_INFER_NODE_DEPS", true),
        e.bool("FN_AUTO_INFER_WRITE_MANIFEST", true),
        e.bool("FN_AUTO_INFER_STRICT", true),
        e.string("FN_PY_INFER_BACKEND", "native"),
        e.string("FN_NODE_INFER_BACKEND", "native"),
        e.bool("FN_PREINSTALL_PY_DEPS_ON_START", true) && e.bool("FN_PREINSTALL_NODE_DEPS_ON_START", true),
        e.intIn("FN_PREINSTALL_NODE_DEPS_CONCURRENCY", 4, 1, 64));
  }
}
