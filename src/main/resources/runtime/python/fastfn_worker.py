"""fastfn Python worker: runs one function's handler for the gateway (protocol: ../PROTOCOL.md).

Standard library only. One thread at a time (at first the main thread) reads frames from stdin. Sync
handlers run on that reader thread while they are quick, and on a bounded thread pool once one of
them blocks (a watchdog hands reading to another thread within a few milliseconds); async handlers
run on one long-lived asyncio loop. Replies go out on a private copy of the original stdout pipe.
"""

import os
import signal
import sys


def _outlive_group_signal(signum, frame):
    pass


# Ctrl-C in a terminal, `kill -- -PGID` and a service manager's stop signal the whole process group;
# the server stops its workers itself (it closes their input), so a worker must not die of them
# first and be restarted meanwhile. Set first thing, for a spare still starting. A handler, not
# SIG_IGN: processes a function starts get the default action back when they exec, so they can
# still be interrupted or terminated.
signal.signal(signal.SIGINT, _outlive_group_signal)
signal.signal(signal.SIGTERM, _outlive_group_signal)

# Keep the protocol pipes private before anything can write to them: fd 1 becomes stderr, fd 0
# becomes /dev/null, so prints from C code or child processes never corrupt frames.
_PROTO_OUT = os.dup(1)
_PROTO_IN = os.dup(0)
os.dup2(2, 1)
_devnull = os.open(os.devnull, os.O_RDONLY)
os.dup2(_devnull, 0)
os.close(_devnull)

import base64  # noqa: E402
import contextvars  # noqa: E402
import importlib.machinery  # noqa: E402
import importlib.util  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from _queue import SimpleQueue  # noqa: E402

# asyncio, inspect, ctypes, traceback and urllib are imported on first use: a worker whose handler
# is a plain sync function never pays for them (start time and RSS).
asyncio = None

_MAX_IN = 64 * 1024 * 1024
_MAX_REPLY = 10 * 1024 * 1024
for _i, _a in enumerate(sys.argv):
    if _a == "--max-frame" and _i + 1 < len(sys.argv):
        _MAX_IN = int(sys.argv[_i + 1])
    if _a == "--max-reply" and _i + 1 < len(sys.argv):
        _MAX_REPLY = int(sys.argv[_i + 1])

_ERR = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8",
                        errors="backslashreplace", line_buffering=True, write_through=True)
_ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=str).encode
_ENCODE_ASCII = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), default=str).encode
_WLOCK = threading.Lock()
# The environment this process started with, as a plain dict. A load compares the function's
# environment against it and touches os.environ only where they differ: each os.environ access
# encodes or decodes its key and value, and walking all of it cost a load about 0.1-0.2 ms.
_START_ENV = dict(os.environ)


def _log(msg):
    try:
        _ERR.write("fastfn-worker: " + msg + "\n")
    except Exception:  # noqa: BLE001 - logging must never raise
        pass


def _send(obj):
    try:
        data = _ENCODE(obj).encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: escape them instead
        data = _ENCODE_ASCII(obj).encode("ascii")
    if len(data) > _MAX_REPLY and "id" in obj and "type" not in obj:
        data = _ENCODE({"id": obj["id"], "status": 500,
                        "error": "response too large (%d bytes > %d)" % (len(data), _MAX_REPLY)}).encode("utf-8")
    frame = memoryview(len(data).to_bytes(4, "big") + data)
    with _WLOCK:
        while frame:
            n = os.write(_PROTO_OUT, frame)
            frame = frame[n:]


# ------------------------------------------------------------------------------------------------
# per-request stdout/stderr capture

_CAPTURE = contextvars.ContextVar("fastfn_capture", default=None)


class _Capture(io.TextIOBase):
    """sys.stdout/sys.stderr replacement: writes go to the current request's buffer, else to stderr."""

    def __init__(self, index, name):
        super().__init__()
        self._index = index
        self._name = name
        self.buffer = _BinaryCapture(self)

    def write(self, s):
        if not isinstance(s, str):
            raise TypeError("write() argument must be str, not " + type(s).__name__)
        cap = _CAPTURE.get()
        if cap is None:
            return _ERR.write(s)
        cap[self._index].append(s)
        return len(s)

    def flush(self):
        if _CAPTURE.get() is None:
            _ERR.flush()

    def writable(self):
        return True

    def isatty(self):
        return False

    def fileno(self):
        return 2

    @property
    def encoding(self):
        return "utf-8"

    @property
    def name(self):
        return self._name


class _BinaryCapture(io.RawIOBase):
    def __init__(self, text):
        super().__init__()
        self._text = text

    def write(self, b):
        self._text.write(bytes(b).decode("utf-8", "replace"))
        return len(b)

    def writable(self):
        return True

    def flush(self):
        self._text.flush()


sys.stdout = _Capture(0, "<stdout>")
sys.stderr = _Capture(1, "<stderr>")


# ------------------------------------------------------------------------------------------------
# response normalization (runtimes.md §3.1, plus Node-like shorthands for non-dict returns)

class ContractError(Exception):
    """The handler's return value breaks the response contract; reported without a type prefix."""

    status = 500


class _EdgeProxyDisabled(ContractError):
    """The handler asked for an edge proxy passthrough, which this platform does not perform."""

    status = 502

    def __init__(self):
        super().__init__("edge proxy disabled for this function")


_ENVELOPE_KEYS = ("status", "statusCode", "headers", "body", "body_base64", "is_base64", "isBase64Encoded", "proxy")
_JSON_HEADERS = {"Content-Type": "application/json"}
_BYTES = (bytes, bytearray, memoryview)


def _b64(b):
    return base64.b64encode(bytes(b)).decode("ascii")


def _has_ct(headers):
    for k in headers:
        if isinstance(k, str) and k.lower() == "content-type":
            return True
    return False


def _sniff_text(s):
    t = s.strip().lower()
    if t.startswith("<!doctype html") or t.startswith("<html") or "<body" in t or "</html>" in t:
        return "text/html; charset=utf-8"
    return "text/plain; charset=utf-8"


def _normalize(result):
    if isinstance(result, dict):
        for k in _ENVELOPE_KEYS:
            if k in result:
                return _envelope(result)
        return {"status": 200, "headers": dict(_JSON_HEADERS), "body": _ENCODE(result)}
    if isinstance(result, tuple):
        n = len(result)
        return _envelope({"body": result[0] if n > 0 else None, "status": result[1] if n > 1 else 200,
                          "headers": result[2] if n > 2 else {}})
    if result is None:
        return {"status": 200, "headers": {}, "body": ""}
    if isinstance(result, str):
        if result == "":
            return {"status": 200, "headers": {}, "body": ""}
        return {"status": 200, "headers": {"Content-Type": _sniff_text(result)}, "body": result}
    if isinstance(result, _BYTES):
        return {"status": 200, "headers": {"Content-Type": "application/octet-stream"}, "is_base64": True,
                "body_base64": _b64(result)}
    if isinstance(result, list):
        return {"status": 200, "headers": dict(_JSON_HEADERS), "body": _ENCODE(result)}
    if isinstance(result, bool):
        return {"status": 200, "headers": {"Content-Type": "text/plain; charset=utf-8"},
                "body": "true" if result else "false"}
    if isinstance(result, (int, float)):
        return {"status": 200, "headers": {"Content-Type": "text/plain; charset=utf-8"}, "body": str(result)}
    if hasattr(result, "status") or hasattr(result, "headers") or hasattr(result, "body"):
        return _response_like(result)
    raise ContractError("handler response must be an object or tuple, got " + type(result).__name__)


def _response_like(obj):
    status = getattr(obj, "status", 200)
    if isinstance(status, bool) or not isinstance(status, int):
        status = 200
    headers = getattr(obj, "headers", None)
    headers = dict(headers) if isinstance(headers, dict) else {}
    body = getattr(obj, "body", None)
    if isinstance(body, _BYTES):
        return {"status": status, "headers": headers, "is_base64": True, "body_base64": _b64(body)}
    return {"status": status, "headers": headers, "body": "" if body is None else str(body)}


def _envelope(d):
    if "proxy" in d:
        if not isinstance(d["proxy"], dict):
            raise ContractError("proxy must be an object when provided")
        raise _EdgeProxyDisabled()
    status = d.get("status")
    if status is None:
        status = d.get("statusCode", 200)
        if status is None:
            status = 200
    if isinstance(status, bool) or not isinstance(status, int) or status < 100 or status > 599:
        raise ContractError("status must be a valid HTTP code")
    headers = d.get("headers")
    if headers is None:
        headers = {}
    elif not isinstance(headers, dict):
        raise ContractError("headers must be an object")
    else:
        headers = dict(headers)
    is_b64 = d.get("is_base64")
    b64 = d.get("body_base64")
    body = d.get("body")
    if "isBase64Encoded" in d and "is_base64" not in d:
        is_b64 = bool(d.get("isBase64Encoded"))
        if is_b64:
            b64 = body
    out = {"status": status, "headers": headers}
    if isinstance(body, _BYTES) and not is_b64:
        out["is_base64"] = True
        out["body_base64"] = _b64(body)
    elif is_b64:
        if isinstance(b64, _BYTES):
            b64 = bytes(b64).decode("ascii", "replace")
        if not isinstance(b64, str) or not b64:
            raise ContractError("body_base64 must be a non-empty string when is_base64=true")
        out["is_base64"] = True
        out["body_base64"] = b64
    else:
        if body is None:
            body = ""
        elif isinstance(body, (dict, list)):
            body = _ENCODE(body)
            if not _has_ct(headers):
                headers["Content-Type"] = "application/json"
        elif not isinstance(body, str):
            body = str(body)
        out["body"] = body
    for k in ("stdout", "stderr"):
        v = d.get(k)
        if isinstance(v, str) and v:
            out[k] = v
    return out


# ------------------------------------------------------------------------------------------------
# adapters (runtimes.md §2.5)

def _encode_query(query):
    import urllib.parse
    pairs = []
    for k, v in (query or {}).items():
        if v is True:
            pairs.append(urllib.parse.quote(str(k), safe=""))
        elif isinstance(v, list):
            for item in v:
                pairs.append(urllib.parse.quote(str(k), safe="") + "=" + urllib.parse.quote(str(item), safe=""))
        elif v is not None and v is not False:
            pairs.append(urllib.parse.quote(str(k), safe="") + "=" + urllib.parse.quote(str(v), safe=""))
    return "&".join(pairs)


def _lambda_event(event):
    method = event.get("method") or "GET"
    raw_path = event.get("raw_path") or event.get("path") or "/"
    path = event.get("path") or raw_path.split("?", 1)[0]
    qs = raw_path.split("?", 1)[1] if "?" in raw_path else _encode_query(event.get("query"))
    headers = event.get("headers") or {}
    cookie = headers.get("cookie")
    if isinstance(cookie, list):
        cookie = "; ".join(str(c) for c in cookie)
    cookies = [c.strip() for c in cookie.split(";") if c.strip()] if isinstance(cookie, str) and cookie else None
    qsp = {}
    for k, v in (event.get("query") or {}).items():
        qsp[k] = ",".join(str(x) for x in v) if isinstance(v, list) else ("" if v is True else str(v))
    is_b64 = bool(event.get("is_base64"))
    ctx = event.get("context") or {}
    client = event.get("client") or {}
    return {
        "version": "2.0",
        "routeKey": method + " " + path,
        "rawPath": path,
        "rawQueryString": qs,
        "cookies": cookies,
        "headers": headers,
        "queryStringParameters": qsp,
        "pathParameters": dict(event.get("params") or {}),
        "body": event.get("body_base64") if is_b64 else event.get("body"),
        "isBase64Encoded": is_b64,
        "requestContext": {
            "requestId": ctx.get("request_id") or event.get("id"),
            "http": {"method": method, "path": path, "sourceIp": client.get("ip"), "userAgent": client.get("ua")},
            "timeEpoch": event.get("ts"),
        },
    }


class _LambdaContext:
    def __init__(self, event):
        ctx = event.get("context") or {}
        self.fastfn = ctx
        self.aws_request_id = self.awsRequestId = ctx.get("request_id") or event.get("id")
        self.function_name = self.functionName = ctx.get("function_name") or _FN.name
        version = ctx.get("version")
        self.function_version = self.functionVersion = version if version and version != "default" else "$LATEST"
        self.memory_limit_in_mb = self.memoryLimitInMB = ctx.get("memory_limit_mb")
        self.invoked_function_arn = self.invokedFunctionArn = \
            "arn:aws:lambda:local:000000000000:function:" + str(self.function_name)
        self.callbackWaitsForEmptyEventLoop = False
        self._deadline = time.monotonic() + float(ctx.get("timeout_ms") or 0) / 1000.0

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.monotonic()) * 1000))

    getRemainingTimeInMillis = get_remaining_time_in_millis

    def done(self, *args):
        pass

    def fail(self, *args):
        pass

    def succeed(self, *args):
        pass


class _CfRequest:
    """A small fetch-API style request for cloudflare-worker handlers."""

    def __init__(self, event):
        headers = dict(event.get("headers") or {})
        proto = headers.get("x-forwarded-proto") or "http"
        host = headers.get("host") or "127.0.0.1"
        self.method = event.get("method") or "GET"
        self.url = str(proto) + "://" + str(host) + (event.get("raw_path") or event.get("path") or "/")
        self.headers = headers
        if event.get("is_base64") and isinstance(event.get("body_base64"), str):
            self._bytes = base64.b64decode(event["body_base64"])
        else:
            body = event.get("body")
            self._bytes = body.encode("utf-8") if isinstance(body, str) else b""
        self.body = self._bytes if self.method not in ("GET", "HEAD") else None

    async def text(self):
        return self._bytes.decode("utf-8", "replace")

    async def json(self):
        return json.loads(self._bytes.decode("utf-8") or "null")

    async def array_buffer(self):
        return self._bytes

    arrayBuffer = array_buffer


class _CfContext:
    def wait_until(self, aw):
        if _is_awaitable(aw):
            _loop().call_soon_threadsafe(lambda: asyncio.ensure_future(_background(aw)))

    waitUntil = wait_until

    def pass_through_on_exception(self):
        pass

    passThroughOnException = pass_through_on_exception


async def _background(aw):
    try:
        await aw
    except BaseException:  # noqa: BLE001 - background work of a finished request
        _log("wait_until task failed:\n" + _format_exc())


# ------------------------------------------------------------------------------------------------
# the loaded function

_CO_VARARGS = 0x04
_CO_VARKEYWORDS = 0x08
_CO_COROUTINE = 0x80


class _Signature:
    """What the call rules need from a handler's signature; None fields mean "unknown"."""

    __slots__ = ("positional", "posonly", "kwonly", "varargs", "varkw", "is_async")

    def __init__(self, positional, posonly, kwonly, varargs, varkw, is_async):
        self.positional = positional
        self.posonly = posonly
        self.kwonly = kwonly
        self.varargs = varargs
        self.varkw = varkw
        self.is_async = is_async


def _signature(h):
    """Plain functions and bound methods are read from their code object (no inspect import)."""
    func = getattr(h, "__func__", h)
    code = getattr(func, "__code__", None)
    if code is not None and isinstance(getattr(func, "__defaults__", ()), (tuple, type(None))):
        names = code.co_varnames
        argc = code.co_argcount
        positional = list(names[:argc])
        posonly = list(names[:code.co_posonlyargcount])
        kwonly = list(names[argc:argc + code.co_kwonlyargcount])
        if func is not h:  # bound method: drop self
            positional = positional[1:]
            posonly = posonly[1:]
        return _Signature(positional, posonly, kwonly, bool(code.co_flags & _CO_VARARGS),
                          bool(code.co_flags & _CO_VARKEYWORDS), bool(code.co_flags & _CO_COROUTINE))
    import inspect
    try:
        sig = inspect.signature(h)
    except (TypeError, ValueError):
        return None
    params = list(sig.parameters.values())
    positional = [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    posonly = [p.name for p in params if p.kind == p.POSITIONAL_ONLY]
    kwonly = [p.name for p in params if p.kind == p.KEYWORD_ONLY]
    is_async = inspect.iscoroutinefunction(h) or inspect.iscoroutinefunction(getattr(h, "__call__", None))
    return _Signature(positional, posonly, kwonly, any(p.kind == p.VAR_POSITIONAL for p in params),
                      any(p.kind == p.VAR_KEYWORD for p in params), is_async)


def _is_awaitable(obj):
    return hasattr(type(obj), "__await__")


def _format_exc(exc=None):
    """The traceback without the worker's own and importlib's frames: the user's code is what matters."""
    import traceback
    if exc is None:
        exc = sys.exc_info()[1]
        if exc is None:
            return ""
    tb = exc.__traceback__
    while tb is not None and (tb.tb_frame.f_code.co_filename == __file__
                              or tb.tb_frame.f_code.co_filename.startswith("<frozen importlib")):
        tb = tb.tb_next
    return "".join(traceback.format_exception(type(exc), exc, tb))


def _arity(sig):
    return None if sig is None or sig.varargs else len(sig.positional)


_ADAPTERS = ("native", "aws-lambda", "cloudflare-worker")


class _Function:
    def __init__(self, msg):
        self.key = msg.get("key") or ""
        self.name = msg.get("name") or ""
        self.adapter = msg.get("adapter") or "native"
        self.handler_name = msg.get("handler") or "handler"
        self.error = None
        self.is_async = False
        self.invoke = None

    def check(self):
        """Before the import: a mistyped adapter or handler name fails every call with its cause rather
        than calling the handler the wrong way."""
        if self.adapter not in _ADAPTERS:
            raise ContractError("invoke.adapter unsupported: " + self.adapter)
        if not (self.handler_name.isascii() and self.handler_name.isidentifier()):
            raise ContractError("invoke.handler must be a valid identifier")

    def setup(self, module):
        if self.adapter == "cloudflare-worker":
            h = getattr(module, "fetch", None)
            if not callable(h):
                h = getattr(module, self.handler_name, None)
            if not callable(h):
                raise ContractError("cloudflare-worker adapter requires fetch(request, env, ctx)")
            sig = _signature(h)
            arity = _arity(sig)

            def invoke(event):
                args = (_CfRequest(event), event.get("env") or {}, _CfContext())
                return h(*args) if arity is None else h(*args[:arity])
        elif self.adapter == "aws-lambda":
            h = self._native_symbol(module)
            sig = _signature(h)
            arity = _arity(sig)

            def invoke(event):
                args = (_lambda_event(event), _LambdaContext(event))
                return h(*args) if arity is None else h(*args[:arity])
        else:
            h = self._native_symbol(module)
            sig = _signature(h)
            invoke = _native_invoker(h, sig)
        self.is_async = sig is not None and sig.is_async
        self.invoke = invoke

    def _native_symbol(self, module):
        h = getattr(module, self.handler_name, None)
        if h is None and self.handler_name == "handler":
            h = getattr(module, "main", None)
        if not callable(h):
            raise ContractError(self.handler_name + "(event) is required")
        return h


def _native_invoker(h, sig):
    """Direct route params (runtimes.md §4), decided once from the signature; one call per event."""
    if sig is None or sig.varargs:
        return lambda event: h(event)
    if not sig.positional:
        return lambda event: h()
    var_kw = sig.varkw
    names = frozenset([n for n in sig.positional[1:] if n not in sig.posonly] + sig.kwonly)
    if not var_kw and not names:
        return lambda event: h(event)

    def invoke(event):
        route_params = event.get("params")
        if route_params and isinstance(route_params, dict):
            if var_kw:
                return h(event, **route_params)
            matched = {k: v for k, v in route_params.items() if k in names}
            if matched:
                return h(event, **matched)
        return h(event)

    return invoke


_FN = None
_POOL = None
_LOOP = None
_LOOP_LOCK = threading.Lock()


def _loop():
    global _LOOP, asyncio
    loop = _LOOP
    if loop is not None:
        return loop
    with _LOOP_LOCK:
        if _LOOP is None:
            import asyncio as _asyncio
            asyncio = _asyncio
            loop = asyncio.new_event_loop()
            t = threading.Thread(target=loop.run_forever, name="fastfn-asyncio", daemon=True)
            t.start()
            _LOOP = loop
        return _LOOP


def _describe(exc):
    if isinstance(exc, ContractError):
        return str(exc)
    msg = str(exc)
    return type(exc).__name__ + (": " + msg if msg else "")


# ------------------------------------------------------------------------------------------------
# D9: fn.env.json / fn.config.json and fastfn's own state are not for handlers to read. The values a
# handler may see arrive in event["env"] and os.environ. This is a guard against accidents and casual
# reads (the same open() paths the reference's sandbox covers), not a security boundary.

_PROTECTED_NAMES = frozenset(("fn.env.json", "fn.config.json"))


def _protected(path):
    try:
        p = os.fspath(path)
    except TypeError:
        return False  # a file descriptor or something open() itself will reject
    if isinstance(p, bytes):
        p = os.fsdecode(p)
    full = os.path.abspath(p)
    return os.path.basename(full) in _PROTECTED_NAMES or (os.sep + ".fastfn" + os.sep + "state" + os.sep) in full


def _guard_files():
    import builtins
    import io as _io

    real_open = builtins.open
    real_os_open = os.open

    def guarded_open(file, *args, **kwargs):
        if _protected(file):
            raise PermissionError(13, "fastfn: platform file is not readable by handlers", os.fspath(file))
        return real_open(file, *args, **kwargs)

    def guarded_os_open(path, flags, *args, **kwargs):
        if _protected(path):
            raise PermissionError(13, "fastfn: platform file is not readable by handlers", os.fspath(path))
        return real_os_open(path, flags, *args, **kwargs)

    builtins.open = guarded_open
    _io.open = guarded_open
    os.open = guarded_os_open


def _load(msg):
    global _FN, _POOL
    directory = msg["dir"]
    entry = msg["entry"]
    os.chdir(directory)
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if p and os.path.abspath(p) != here]
    sys.path[0:0] = [directory] + [p for p in (msg.get("paths") or []) if isinstance(p, str)]
    env = msg.get("env")
    if isinstance(env, dict):  # the complete environment: replaces whatever the process started with
        wanted = {str(k): str(v) for k, v in env.items()}
        for k in _START_ENV:
            if k not in wanted:
                os.environ.pop(k, None)
        for k, v in wanted.items():
            if _START_ENV.get(k) != v:  # a spare already has most of it: only changes call putenv
                os.environ[k] = v
    if hasattr(time, "tzset"):
        time.tzset()
    _POOL = _ThreadPool(max(1, int(msg.get("threads") or 32)))
    _guard_files()
    fn = _Function(msg)
    try:
        fn.check()
        # An explicit source loader: discovery routes "Handler.PY" too, whose suffix importlib
        # would not recognise on its own.
        spec = importlib.util.spec_from_file_location(
            "fastfn_entry", entry, loader=importlib.machinery.SourceFileLoader("fastfn_entry", entry))
        if spec is None or spec.loader is None:
            raise ContractError("cannot load handler file " + entry)
        module = importlib.util.module_from_spec(spec)
        sys.modules["fastfn_entry"] = module
        spec.loader.exec_module(module)
        fn.setup(module)
    except BaseException as exc:  # noqa: BLE001 - any import failure is reported per call
        fn.error = _describe(exc)
        if isinstance(exc, ContractError):
            _log("failed to load " + entry + ": " + fn.error)
        else:
            _log("failed to load " + entry + ":\n" + _format_exc(exc))
    _FN = fn
    out = {"type": "loaded", "ok": fn.error is None}
    if fn.error is not None:
        out["error"] = fn.error
    _send(out)


# ------------------------------------------------------------------------------------------------
# calls

class _Cancelled(BaseException):
    """Injected into a sync handler's thread when the gateway cancels its call."""


class _Call:
    __slots__ = ("lock", "thread", "running", "cancelled", "future")

    def __init__(self):
        self.lock = threading.Lock()
        self.thread = 0
        self.running = False
        self.cancelled = False
        self.future = None


_CALLS = {}
_SET_ASYNC_EXC = None


def _inject_cancel(thread_id):
    global _SET_ASYNC_EXC
    if _SET_ASYNC_EXC is None:
        import ctypes
        fn = ctypes.pythonapi.PyThreadState_SetAsyncExc
        fn.argtypes = (ctypes.c_ulong, ctypes.py_object)
        _SET_ASYNC_EXC = fn
    _SET_ASYNC_EXC(thread_id, _Cancelled)


class _ThreadPool:
    """Runs sync calls on up to `limit` threads, started on demand and kept for reuse. Also hands the
    reader role to a thread when the reader is taken over (that one may exceed the limit: frames must
    always be read)."""

    def __init__(self, limit):
        self._limit = limit
        self._queue = SimpleQueue()
        self._lock = threading.Lock()
        self._threads = 0
        self._idle = 0

    def submit(self, fn, *args):
        self._queue.put((fn, args))
        with self._lock:
            if self._idle > 0:  # a waiting thread will take it
                self._idle -= 1
                return
            if self._threads >= self._limit:  # queued until a thread is free
                return
            self._threads += 1
            n = self._threads
        threading.Thread(target=self._run, name="fastfn-call-%d" % n, daemon=True).start()

    def submit_reader(self):
        self._queue.put((_read_loop, ()))
        with self._lock:
            if self._idle > 0:
                self._idle -= 1
                return
            self._threads += 1
            n = self._threads
        threading.Thread(target=self._run, name="fastfn-call-%d" % n, daemon=True).start()

    def join(self):
        """The calling thread (the main thread, once it handed reading over) serves calls from now on."""
        with self._lock:
            self._threads += 1
            self._idle += 1
        self._run()

    def _run(self):
        q = self._queue
        while True:
            fn, args = q.get()
            try:
                fn(*args)
            except BaseException:  # noqa: BLE001 - a pool thread never dies
                _log("call thread error:\n" + _format_exc())
            with self._lock:
                self._idle += 1


def _noop():
    pass


def _die(exc):
    code = exc.code
    _log("handler called sys.exit(%r); worker exits" % (code,))
    try:
        _ERR.flush()
    finally:
        os._exit(code if isinstance(code, int) else 1)


def _finish(rid, reply, cap):
    _CALLS.pop(rid, None)
    reply["id"] = rid
    if cap[0]:
        reply["stdout"] = "".join(cap[0])
    if cap[1]:
        reply["stderr"] = "".join(cap[1])
    _send(reply)


def _error_reply(exc):
    if not isinstance(exc, ContractError):
        _log("handler error in " + (_FN.key if _FN else "?") + ":\n"
             + _format_exc(exc))
    return {"status": exc.status if isinstance(exc, ContractError) else 500, "error": _describe(exc)}


def _run_sync(rid, event, call):
    cap = ([], [])
    token = _CAPTURE.set(cap)
    reply = None
    try:
        with call.lock:
            if call.cancelled:
                raise _Cancelled()
            call.thread = threading.get_ident()
            call.running = True
        try:
            result = _FN.invoke(event)
            if _is_awaitable(result):
                loop = _loop()
                result = asyncio.run_coroutine_threadsafe(_await(result, cap), loop).result()
            reply = _normalize(result)
        finally:
            with call.lock:
                call.running = False
            _noop()  # a cancel injected just before the flag was cleared is raised here
    except _Cancelled:
        reply = None
    except SystemExit as exc:
        _die(exc)
    except BaseException as exc:  # noqa: BLE001 - every handler failure becomes a 500 reply
        reply = _error_reply(exc)
    finally:
        _CAPTURE.reset(token)
    if reply is None:
        _CALLS.pop(rid, None)
        _send({"type": "cancelled", "id": rid})
    else:
        _finish(rid, reply, cap)


async def _await(aw, cap):
    _CAPTURE.set(cap)
    return await aw


async def _run_async(rid, event):
    cap = ([], [])
    _CAPTURE.set(cap)
    try:
        result = _FN.invoke(event)
        while _is_awaitable(result):
            result = await result
        reply = _normalize(result)
    except asyncio.CancelledError:
        _CALLS.pop(rid, None)
        _send({"type": "cancelled", "id": rid})
        return
    except SystemExit as exc:
        _die(exc)
    except BaseException as exc:  # noqa: BLE001 - every handler failure becomes a 500 reply
        reply = _error_reply(exc)
    _finish(rid, reply, cap)


# ------------------------------------------------------------------------------------------------
# inline sync calls
#
# Handing every call to a pool thread costs two thread wake-ups per call, more than a trivial
# handler itself. So the thread that reads frames runs a sync call itself ("inline") while the
# function's calls are fast. A watchdog thread ticks every _TICK seconds while inline calls happen;
# when it sees the same inline call running on two ticks in a row, it gives the reader role to a
# pool thread, so frames (other calls, cancels) keep being read while the slow call goes on; that
# call's thread joins the pool when it is done. After a takeover the function's sync calls go to the
# pool for a short while (_PROBATION); when the taken-over call turns out to have really blocked
# (>= _BLOCKED), for longer (2 s, doubling up to 64 s while it keeps happening), then inline is tried
# again. A takeover of a call that was merely descheduled on a busy machine thus costs one hand-off.
# Cancellation is unchanged: the reader injects the exception into whichever thread runs the call.

_TICK = 0.002
_PROBATION = 0.25
_BLOCKED = 0.05
_HOLD_MIN = 2.0
_HOLD_MAX = 64.0
_PARK_AFTER = 50  # quiet ticks before the watchdog sleeps until the next inline call

_WD_LOCK = threading.Lock()
_WD_WAKE = threading.Lock()  # held while the watchdog is parked; released to wake it
_WD = None  # the watchdog thread, started parked before the worker reports ready
_INLINE_SEQ = 0  # number of the reader's latest inline call
_INLINE_RUNNING = False  # whether call _INLINE_SEQ is still running on the reader
_TAKEN_SEQ = 0  # the last inline call whose reader role was handed to another thread
_WD_PARKED = False
_POOL_UNTIL = 0.0
_HOLD = _HOLD_MIN
_LAST_TAKEOVER = -1e9
_monotonic = time.monotonic


def _start_watchdog():
    """Starts the watchdog parked, while the worker waits to be used: the first inline call only
    wakes it (starting a thread there would add a millisecond to a new function's first call)."""
    global _WD, _WD_PARKED
    _WD_WAKE.acquire()
    _WD_PARKED = True
    _WD = threading.Thread(target=_watchdog, name="fastfn-watchdog", daemon=True)
    _WD.start()


def _watchdog():
    global _TAKEN_SEQ, _WD_PARKED, _INLINE_RUNNING, _POOL_UNTIL
    last_running = -1
    last_seq = -1
    quiet = 0
    _WD_WAKE.acquire()  # parked until the first inline call
    while True:
        time.sleep(_TICK)
        takeover = park = False
        with _WD_LOCK:
            seq = _INLINE_SEQ
            if _INLINE_RUNNING:
                if seq == last_running:
                    # The same call on two ticks: the reader is blocked. Hand reading to a pool thread
                    # and send this function's sync calls to the pool for a while.
                    _TAKEN_SEQ = seq
                    _INLINE_RUNNING = False
                    takeover = True
                    _POOL_UNTIL = max(_POOL_UNTIL, _monotonic() + _PROBATION)
                last_running = seq
            else:
                last_running = -1
            if seq != last_seq:
                last_seq = seq
                quiet = 0
            else:
                quiet += 1
                if quiet >= _PARK_AFTER and not _INLINE_RUNNING:
                    _WD_PARKED = True
                    park = True
                    quiet = 0
        if takeover:
            _POOL.submit_reader()
        if park:
            _WD_WAKE.acquire()  # until _run_inline releases it


def _run_inline(rid, event, call):
    """Runs a sync call on the reader thread. Returns True when the reader role was taken over meanwhile
    (this thread must stop reading)."""
    global _INLINE_RUNNING, _INLINE_SEQ, _WD_PARKED, _POOL_UNTIL, _HOLD, _LAST_TAKEOVER
    with _WD_LOCK:
        _INLINE_SEQ += 1
        seq = _INLINE_SEQ
        _INLINE_RUNNING = True
        if _WD_PARKED:
            _WD_PARKED = False
            _WD_WAKE.release()
    t0 = _monotonic()
    try:
        _run_sync(rid, event, call)
    finally:
        with _WD_LOCK:
            if _INLINE_SEQ == seq:
                _INLINE_RUNNING = False
            lost = _TAKEN_SEQ == seq
    if lost:
        now = _monotonic()
        if now - t0 >= _BLOCKED:  # it really blocked: keep this function's sync calls in the pool
            _HOLD = min(_HOLD * 2, _HOLD_MAX) if now - _LAST_TAKEOVER < _HOLD + 10 else _HOLD_MIN
            _LAST_TAKEOVER = now
            _POOL_UNTIL = max(_POOL_UNTIL, now + _HOLD)
    return lost


def _invoke(msg):
    """Dispatches one invoke frame. Returns True when this (reader) thread lost the reader role."""
    rid = msg["id"]
    fn = _FN
    if fn is None:
        _send({"id": rid, "status": 500, "error": "no function loaded in this worker"})
        return False
    if fn.error is not None:
        _send({"id": rid, "status": 500, "error": fn.error})
        return False
    event = msg.get("event")
    if not isinstance(event, dict):
        event = {}
    call = _Call()
    _CALLS[rid] = call
    if fn.is_async:
        loop = _loop()
        call.future = asyncio.run_coroutine_threadsafe(_run_async(rid, event), loop)
    elif _monotonic() >= _POOL_UNTIL:
        return _run_inline(rid, event, call)
    else:
        _POOL.submit(_run_sync, rid, event, call)
    return False


def _cancel(rid):
    call = _CALLS.get(rid)
    if call is None:
        return  # already answered
    if call.future is not None:
        call.future.cancel()
        return
    with call.lock:
        call.cancelled = True
        if call.running and call.thread:
            _inject_cancel(call.thread)


_READER = None  # the protocol input; only the thread holding the reader role reads it


def _read_exact(reader, n):
    data = reader.read(n)
    return data if data is not None and len(data) == n else None


def _eof():
    try:
        _ERR.flush()
    finally:
        os._exit(0)


def _read_loop():
    """Reads and dispatches frames until EOF (the process exits) or until this thread's inline call
    was taken over (it returns; another thread reads from then on)."""
    reader = _READER
    while True:
        header = _read_exact(reader, 4)
        if header is None:
            _eof()
        size = int.from_bytes(header, "big")
        if size <= 0 or size > _MAX_IN:
            _log("invalid frame length %d; exiting" % size)
            os._exit(2)
        payload = _read_exact(reader, size)
        if payload is None:
            _eof()
        msg = json.loads(payload.decode("utf-8", "surrogatepass"))
        kind = msg.get("type")
        if kind == "invoke":
            if _invoke(msg):
                return
        elif kind == "cancel":
            _cancel(msg.get("id"))
        elif kind == "load":
            _load(msg)
        elif kind == "warm":
            pass  # reading and parsing this frame was the warm-up (see PROTOCOL.md)
        else:
            _log("unknown message type %r" % (kind,))


def main():
    global _READER
    _READER = open(_PROTO_IN, "rb", buffering=1 << 16)
    _start_watchdog()
    _send({"type": "ready", "runtime": "python", "pid": os.getpid(), "executable": sys.executable,
           "version": "%d.%d.%d" % sys.version_info[:3]})
    _read_loop()
    _POOL.join()  # reading was handed to another thread: serve calls from now on


if __name__ == "__main__":
    main()
