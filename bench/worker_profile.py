#!/usr/bin/env python3
"""Drives one fastfn Python worker directly over its pipes (no gateway) and reports its CPU cost per
call; with --profile, runs the worker under cProfile (main thread and call threads) and prints the top
functions. Used to find where the worker spends its time (docs/performance.md).

  bench/worker_profile.py [--calls 20000] [--inflight 16] [--profile] [--event event.json] [--handler file.py]
"""
import argparse
import json
import os
import pstats
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WORKER = os.path.join(HERE, "..", "src", "main", "resources", "runtime", "python", "fastfn_worker.py")

# Run inside the child: profile every thread of the worker, dump one file per thread at exit.
PROFILED = r'''
import cProfile, os, sys, threading
out_dir, worker = sys.argv[1], sys.argv[2]
sys.argv = [worker] + sys.argv[3:]
sys.path.insert(0, os.path.dirname(worker))
profiles = []
def _profiled(run):
    def wrapper(*a, **k):
        p = cProfile.Profile(); profiles.append(p); p.enable()
        try:
            return run(*a, **k)
        finally:
            p.disable()
    return wrapper
import fastfn_worker as w
w._ThreadPool._run = _profiled(w._ThreadPool._run)
real_exit = os._exit
def _exit(code):
    for i, p in enumerate(profiles):
        p.disable(); p.dump_stats(os.path.join(out_dir, "t%d.prof" % i))
    real_exit(code)
w.os._exit = _exit
_profiled(w.main)()
'''


def frame(obj):
    data = json.dumps(obj, separators=(",", ":")).encode()
    return len(data).to_bytes(4, "big") + data


def read_frame(f):
    h = f.read(4)
    if len(h) < 4:
        return None
    return json.loads(f.read(int.from_bytes(h, "big")))


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as fh:
        parts = fh.read().rsplit(")", 1)[1].split()
    return (int(parts[11]) + int(parts[12])) / os.sysconf("SC_CLK_TCK")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--calls", type=int, default=20000)
    ap.add_argument("--inflight", type=int, default=16)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--event", help="JSON file with an event (default: a typical GET event)")
    ap.add_argument("--handler", help="handler file (default: returns a small dict)")
    ap.add_argument("--python", default=sys.executable)
    a = ap.parse_args()

    work = tempfile.mkdtemp(prefix="fastfn-wprof-")
    handler = a.handler
    if handler is None:
        handler = os.path.join(work, "handler.py")
        with open(handler, "w") as fh:
            fh.write('def handler(event):\n    return {"ok": True, "runtime": "python"}\n')
    event = json.load(open(a.event)) if a.event else {
        "id": "req-1", "ts": 1, "method": "GET", "path": "/pyfast", "raw_path": "/pyfast", "query": {},
        "params": {}, "path_params": {}, "headers": {"host": "127.0.0.1:18181", "user-agent": "wrk"},
        "client": {"ip": "127.0.0.1", "ua": "wrk"},
        "context": {"request_id": "req-1", "runtime": "python", "function_name": "pyfast", "version": "default",
                    "timeout_ms": 10000, "max_concurrency": 0, "max_body_bytes": 1048576,
                    "worker_pool": {"enabled": False, "max_workers": 0, "max_queue": 0, "queue_timeout_ms": 0,
                                    "overflow_status": 429, "min_warm": 0, "idle_ttl_seconds": 300},
                    "debug": {"enabled": False}, "trigger": {"type": "http"}},
        "env": {}}
    if a.profile:
        cmd = [a.python, "-B", "-c", PROFILED, work, os.path.abspath(WORKER)]
    else:
        cmd = [a.python, "-B", os.path.abspath(WORKER)]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=work)
    assert read_frame(p.stdout)["type"] == "ready"
    p.stdin.write(frame({"type": "load", "key": "python/bench@default", "name": "bench", "version": "default",
                         "dir": os.path.dirname(handler), "entry": handler, "handler": "handler",
                         "adapter": "native", "env": dict(os.environ), "paths": [], "threads": int(os.environ.get("THREADS", "64"))}))
    p.stdin.flush()
    assert read_frame(p.stdout)["ok"]

    sent = 0
    done = 0
    lock = threading.Lock()
    window = threading.Semaphore(a.inflight)
    inv = [frame({"type": "invoke", "id": i + 1, "event": event}) for i in range(a.calls)]

    def reader():
        nonlocal done
        while done < a.calls:
            m = read_frame(p.stdout)
            assert m is not None and m.get("status") == 200, m
            done += 1
            window.release()

    cpu0 = cpu_seconds(p.pid)
    t0 = time.perf_counter()
    rt = threading.Thread(target=reader)
    rt.start()
    for f in inv:
        window.acquire()
        p.stdin.write(f)
        p.stdin.flush()
    rt.join()
    wall = time.perf_counter() - t0
    cpu = cpu_seconds(p.pid) - cpu0
    print("calls=%d inflight=%d wall=%.2fs rate=%.0f/s worker_cpu=%.2fs (%.1f us/call)"
          % (a.calls, a.inflight, wall, a.calls / wall, cpu, cpu * 1e6 / a.calls))
    p.stdin.close()
    p.wait()
    if a.profile:
        files = [os.path.join(work, f) for f in sorted(os.listdir(work)) if f.endswith(".prof")]
        st = pstats.Stats(*files)
        st.sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
