#!/usr/bin/env python3
"""The physical ceiling of the worker design: a bare Python process speaking the fastfn framed
protocol (../src/main/resources/runtime/PROTOCOL.md) on its stdin/stdout pipes, with no handler, no
thread pool, no output capture. It parses every invoke frame and answers with the same reply the
benchmark's trivial Python function produces. Driven by dev.fastfn.runtime.ProtocolCeilingBench.
"""
import json
import os
import sys

REPLY_BODY = json.dumps({"ok": True, "runtime": "python"}, separators=(",", ":"))
HEADERS = {"Content-Type": "application/json"}


def send(obj):
    data = json.dumps(obj, separators=(",", ":")).encode("utf-8")
    frame = len(data).to_bytes(4, "big") + data
    while frame:
        n = os.write(1, frame)
        frame = frame[n:]


def main():
    reader = open(0, "rb", buffering=1 << 16, closefd=False)
    send({"type": "ready", "runtime": "python", "pid": os.getpid(), "executable": sys.executable,
          "version": "%d.%d.%d" % sys.version_info[:3]})
    while True:
        header = reader.read(4)
        if len(header) < 4:
            break
        msg = json.loads(reader.read(int.from_bytes(header, "big")))
        kind = msg.get("type")
        if kind == "invoke":
            send({"id": msg["id"], "status": 200, "headers": HEADERS, "body": REPLY_BODY})
        elif kind == "load":
            send({"type": "loaded", "ok": True})
    os._exit(0)


if __name__ == "__main__":
    main()
