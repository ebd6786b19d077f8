# Lists the top-level modules imported by the given Python files, minus the standard library.
# Run by fastfn with the worker's interpreter; prints one JSON object on stdout.
import ast
import json
import sys

stdlib = set(getattr(sys, "stdlib_module_names", ())) | set(sys.builtin_module_names)
if not getattr(sys, "stdlib_module_names", None):
    import importlib.util
    import sysconfig
    _std = sysconfig.get_paths().get("stdlib", "")

    def _is_std(name):
        try:
            spec = importlib.util.find_spec(name)
        except Exception:
            return False
        origin = getattr(spec, "origin", None) or ""
        return spec is not None and (origin in ("built-in", "frozen") or (_std and origin.startswith(_std)
                                                                          and "site-packages" not in origin))
else:
    def _is_std(name):
        return name in stdlib

found = set()
errors = []
for path in sys.argv[1:]:
    try:
        with open(path, "rb") as fh:
            tree = ast.parse(fh.read(), filename=path)
    except (OSError, SyntaxError, ValueError) as exc:
        errors.append("%s: %s" % (path, exc))
        continue
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])

imports = sorted(n for n in found if n and n != "__future__" and not _is_std(n))
json.dump({"imports": imports, "errors": errors}, sys.stdout)
