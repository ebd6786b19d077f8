#!/usr/bin/env python3
"""The physical ceiling of the worker design: a bare Python process speaking the fastfn framed
protocol (../src/main/resources/runtime/PROTOCOL.md) on its stdin/stdout pipes, with no handler, no
thread pool, no output capture. It parses every invoke frame and answers with the same reply the
benchmark's trivial Python function produces. Like the real worker, it answers the frames that
arrived together with one write. Driven by dev.fastfn.runtime.ProtocolCeilingBench.
"""
import json
import os
import sys

REPLY_BODY = json.dumps({"ok": True, "runtime": "python"}, separators=(",", ":"))
HEADERS = {"Content-Type": "application/json"}


def frame(obj):
    data = json.dumps(obj, separators=(",", ":")).encode("utf-8")
    return len(data).to_bytes(4, "big") + data


def write(data):
    while data:
        n = os.write(1, data)
        data = data[n:]


def main():
    write(frame({"type": "ready", "runtime": "python", "pid": os.getpid(), "executable": sys.executable,
                 "version": "%d.%d.%d" % sys.version_info[:3]}))
    buf = b""
    while True:
        chunk = os.read(0, 1 << 16)
        if not chunk:
            break
        buf += chunk
        out = []
        pos = 0
        while len(buf) - pos >= 4:
            size = int.from_bytes(buf[pos:pos + 4], "big")
            if len(buf) - pos - 4 < size:
                break
            msg = json.loads(buf[pos + 4:pos + 4 + size])
            pos += 4 + size
            kind = msg.get("type")
            if kind == "invoke":
                out.append(frame({"id": msg["id"], "status": 200, "headers": HEADERS, "body": REPLY_BODY}))
            elif kind == "load":
                out.append(frame({"type": "loaded", "ok": True}))
        buf = buf[pos:]
        if out:
            write(b"".join(out))
    os._exit(0)


if __name__ == "__main__":
    main()
