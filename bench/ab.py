#!/usr/bin/env python3
"""Compare the cold-start paths of two fastfn builds side by side.

    bench/ab.py A_DIR B_DIR [--samples 30] [--functions 50] [--kinds create,code,drop]

A_DIR and B_DIR are checkouts with a built jar (`./mvnw -q -o -DskipTests package` in each; a
`git worktree add /tmp/b <commit>` is the quick way to get the other side). Both servers run at
once, each on its own generated tree of --functions functions, and take turns sample by sample
(A B, then B A, ...), so a change in the machine's load hits both sides alike. Each sample waits
for a spare worker and then 0.3 s, as bench/perf.py's cold-start phase does.

Kinds: `create` (POST /_fn/function -> first 200 of the new route), `code` (PUT
/_fn/function-code -> first answer of the new code), `drop` (a new handler file -> first 200).
Prints per kind and runtime the p50 of each side, the p50 of each side's second half (the first
samples after start-up run partly interpreted), the median of the per-pair differences, and the
server's CPU time per sample (its JVM process, over the whole phase: background work that follows
a write counts too). CPU time is steadier than latency here: the latencies of two servers running
the same jar differ by about 1 ms at p50 from run to run.
"""
import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from perf import Client, Server, first_200, handler_code, wait_spare, write  # noqa: E402

ENTRY = {"python": "handler.py", "node": "handler.js"}


class Side:
    def __init__(self, label, root, port, functions):
        self.label = label
        self.work = tempfile.mkdtemp(prefix="fastfn-ab-%s-" % label)
        for i in range(functions):
            rt = ("python", "node")[i % 2]
            write(os.path.join(self.work, "functions", rt, "base%03d" % i, ENTRY[rt]), handler_code(rt, "base"))
        self.server = Server(self.work, port, "python=1,node=1", {}, None, root=root)
        self.admin = Client(port)
        self.probe = Client(port)

    def create(self, rt, name):
        t0 = time.perf_counter()
        status, body = self.admin.request("POST", "/_fn/function?runtime=%s&name=%s" % (rt, name),
                                          {"methods": ["GET"], "code": handler_code(rt, name)})
        if status != 201:
            raise RuntimeError("%s create %s: %d %s" % (self.label, name, status, body[:300]))
        t1 = time.perf_counter()
        first_200(self.probe, "/" + name)
        return (time.perf_counter() - t0) * 1000, (t1 - t0) * 1000

    def code(self, rt, name, marker):
        t0 = time.perf_counter()
        status, body = self.admin.request("PUT", "/_fn/function-code?runtime=%s&name=%s" % (rt, name),
                                          {"code": handler_code(rt, marker)})
        if status != 200:
            raise RuntimeError("%s code %s: %d %s" % (self.label, name, status, body[:300]))
        t1 = time.perf_counter()
        first_200(self.probe, "/" + name, ('"%s"' % marker).encode())
        return (time.perf_counter() - t0) * 1000, (t1 - t0) * 1000

    def drop(self, rt, name):
        t0 = time.perf_counter()
        write(os.path.join(self.work, "functions", rt, name, ENTRY[rt]), handler_code(rt, name))
        first_200(self.probe, "/" + name)
        return (time.perf_counter() - t0) * 1000, None

    def cpu_ms(self):
        """User and system CPU time of the server's JVM so far (its worker processes not included)."""
        with open("/proc/%d/stat" % self.server.proc.pid) as f:
            fields = f.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) * 1000.0 / os.sysconf("SC_CLK_TCK")

    def stop(self):
        self.server.stop()
        shutil.rmtree(self.work, ignore_errors=True)


def sample(side, kind, rt, i):
    wait_spare(side.server, rt)
    time.sleep(0.3)
    if kind == "create":
        return side.create(rt, "ab-%s-%d" % (rt[:2], i))
    if kind == "code":
        return side.code(rt, "ab-swap-" + rt[:2], "v%d" % i)
    return side.drop(rt, "ab-drop-%s-%d" % (rt[:2], i))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--samples", type=int, default=30, help="samples per side, kind and runtime (default 30)")
    ap.add_argument("--functions", type=int, default=50, help="functions in each generated tree (default 50)")
    ap.add_argument("--kinds", default="create,code,drop")
    ap.add_argument("--runtimes", default="python,node")
    ap.add_argument("--warm", type=int, default=10, help="unmeasured creates per runtime first (default 10)")
    ap.add_argument("--port", type=int, default=18301, help="A's port; B's is the next one")
    ap.add_argument("--out", help="write every sample as JSON here")
    args = ap.parse_args()
    kinds = args.kinds.split(",")
    runtimes = args.runtimes.split(",")

    sides = [Side("A", os.path.abspath(args.a), args.port, args.functions),
             Side("B", os.path.abspath(args.b), args.port + 1, args.functions)]
    results = {}
    try:
        for s in sides:
            s.server.wait_ready()
        for rt in runtimes:
            for i in range(args.warm):
                for s in sides:
                    s.create(rt, "ab-warm-%s-%d" % (rt[:2], i))
            for s in sides:
                s.create(rt, "ab-swap-" + rt[:2])
        for kind in kinds:
            for rt in runtimes:
                rows = {"A": [], "B": []}
                cpu = {s.label: -s.cpu_ms() for s in sides}
                for i in range(args.samples):
                    order = sides if i % 2 == 0 else sides[::-1]
                    for s in order:
                        rows[s.label].append(sample(s, kind, rt, i))
                for s in sides:
                    cpu[s.label] = (cpu[s.label] + s.cpu_ms()) / args.samples
                results["%s/%s" % (kind, rt)] = {"ms": rows, "server_cpu_ms_per_sample": cpu}
                report(kind, rt, rows, cpu)
    finally:
        for s in sides:
            s.stop()
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"a": args.a, "b": args.b, "samples": results}, f, indent=1)


def report(kind, rt, rows, cpu):
    a = [t for t, _ in rows["A"]]
    b = [t for t, _ in rows["B"]]
    half = len(a) // 2
    diff = statistics.median(y - x for x, y in zip(a, b))
    line = "%-6s %-6s A p50 %6.2f ms  B p50 %6.2f ms | second half A %6.2f  B %6.2f | median B-A %+6.2f ms" % (
        kind, rt, statistics.median(a), statistics.median(b), statistics.median(a[half:]),
        statistics.median(b[half:]), diff)
    if rows["A"][0][1] is not None:
        line += " | request A %5.2f  B %5.2f" % (statistics.median(r for _, r in rows["A"]),
                                                 statistics.median(r for _, r in rows["B"]))
    line += " | server CPU per sample A %5.2f  B %5.2f ms" % (cpu["A"], cpu["B"])
    print(line, flush=True)


if __name__ == "__main__":
    main()
