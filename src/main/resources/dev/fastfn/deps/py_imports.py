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

def scan(paths):
    found = set()
    errors = []
    for path in paths:
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
    return {"imports": imports, "errors": errors}


if len(sys.argv) > 1 and sys.argv[1] == "--serve":
    # Long-lived mode: one JSON request per line ({"files": [...]}) -> one JSON answer per line.
    # Saves an interpreter start (tens of ms, seconds behind a pyenv shim) on every scan.
    # Ctrl-C and service stops signal the whole process group; the server stops this scanner itself
    # (and its stdin ends if the server dies), so the signal must not end it under a scan.
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    for line in sys.stdin:
        try:
            files = json.loads(line).get("files") or []
            answer = scan(files)
        except Exception as exc:  # noqa: BLE001 - a bad request must not end the server
            answer = {"imports": [], "errors": ["scanner: %s" % exc]}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
else:
    json.dump(scan(sys.argv[1:]), sys.stdout)
