#!/usr/bin/env python3
"""fastfn performance suite (issue 8). Run through bench/perf.sh, which builds the jar first.

Measures, side by side in one run on one machine:
  * HTTP throughput and latency (wrk) of a trivial Python function, a trivial Node function and
    /_fn/health at 1, 16 and 64 connections;
  * the bare-protocol ceiling: a bare Python echo worker (bench/bare_echo_worker.py) on the same pipes,
    frames and Java channel, driven by dev.fastfn.runtime.ProtocolCeilingBench at the same concurrency
    and with as many processes as the function's pool; and the real Python worker driven the same way;
  * cold start: POST /_fn/function to the first 200, and a new handler file to the first 200;
  * code change: PUT /_fn/function-code to the first response of the new code;
  * memory: server RSS with 100 warm functions, RSS of idle Python workers;
  * optionally (--stability SECONDS) a long run with per-slice figures.

Each target is warmed until its rate stops climbing (see warm_up), then throughput points are run in
interleaved rounds (every point once per round) and reported as the
median over rounds. The gateway/ceiling ratio comes from its own phase: short slices of /pyfast and
of the bare ceiling alternate (AB BA AB ...), and the ratio is the median over those pairs, so a load
change on the shared machine hits both sides of a pair alike. Prints tables and writes a JSON result.
"""
import argparse
import http.client
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAVA = os.environ.get("BENCH_JAVA", "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java")

PY_FAST = 'def handler(event):\n    return {"ok": True, "runtime": "python"}\n'
JS_FAST = 'exports.handler = async () => ({ ok: true, runtime: "node" });\n'
PY_EVENT = ('import json\n\ndef handler(event):\n'
            '    return {"status": 200, "headers": {"Content-Type": "application/json"}, "body": json.dumps(event)}\n')
FAST_CONFIG = json.dumps({"max_concurrency": 0, "timeout_ms": 10000})

TARGETS = {
    "python_rps_c16": (">=", 10000), "python_p99_ms_c16": ("<=", 5.0),
    "node_rps_c16": (">=", 15000), "node_p99_ms_c16": ("<=", 5.0),
    "health_rps_c16": (">=", 40000),
    "python_vs_bare_ceiling": (">=", 0.5),
    "cold_start_post_python_p50_ms": ("<=", 10.0), "cold_start_post_node_p50_ms": ("<=", 10.0),
    "code_change_python_p50_ms": ("<=", 15.0), "code_change_node_p50_ms": ("<=", 15.0),
    "server_rss_mb_100_warm": ("<=", 300.0), "idle_python_worker_rss_mb": ("<=", 20.0),
    "errors_total": ("<=", 0),
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(x) for x in f.read().split()[:3]]


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            model = m.group(1) if m else ""
    except OSError:
        pass
    mem = 0
    with open("/proc/meminfo") as f:
        mem = int(re.search(r"MemTotal:\s*(\d+)", f.read()).group(1)) // 1024
    return {"cpus": os.cpu_count(), "cpu_model": model, "mem_mb": mem, "platform": platform.platform(),
            "python": sys.version.split()[0]}


def rss_mb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            m = re.search(r"VmRSS:\s*(\d+)", f.read())
            return int(m.group(1)) / 1024.0 if m else 0.0
    except OSError:
        return 0.0


def children(pid):
    out = []
    try:
        for t in os.listdir("/proc/%d/task" % pid):
            with open("/proc/%d/task/%s/children" % (pid, t)) as f:
                out += [int(x) for x in f.read().split()]
    except OSError:
        pass
    return out


def cmdline(pid):
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as f:
            return f.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(p / 100.0 * len(s) + 0.5)) - 1))]


class Client:
    """One keep-alive HTTP/1.1 connection (reconnects when the server closes it)."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                data = None
                h = dict(headers or {})
                if body is not None:
                    data = body if isinstance(body, bytes) else json.dumps(body).encode()
                    h.setdefault("Content-Type", "application/json")
                self.conn.request(method, path, body=data, headers=h)
                r = self.conn.getresponse()
                payload = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return r.status, payload
            except (http.client.HTTPException, OSError):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise RuntimeError("unreachable")


class Server:
    def __init__(self, work, port, daemons, extra_env, jfr, root=ROOT):
        self.work = work
        self.port = port
        env = dict(os.environ)
        for k in list(env):
            if k.startswith("FN_"):
                del env[k]
        env.update({"FN_HOST_PORT": str(port), "FN_RUNTIME_DAEMONS": daemons, "FN_HOT_RELOAD": "1",
                    "FN_CONSOLE_WRITE_ENABLED": "1", "FN_CONSOLE_RATE_LIMIT_MAX": "1000000",
                    "FN_CONSOLE_WRITE_RATE_LIMIT_MAX": "1000000"})
        env.update(extra_env)
        if jfr:
            env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") +
                                        " -XX:StartFlightRecording=filename=%s,settings=profile" % jfr).strip()
        self.log = open(os.path.join(work, "server.log"), "w")
        self.proc = subprocess.Popen([os.path.join(root, "bin", "fastfn"), "run", os.path.join(work, "functions")],
                                     env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.client = Client(port)

    def wait_ready(self, timeout=120):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited; see %s/server.log" % self.work)
            try:
                status, body = self.client.request("GET", "/_fn/health")
                if status == 200:
                    rts = json.loads(body).get("runtimes", {})
                    if rts and all(r.get("health", {}).get("up") for r in rts.values()):
                        return
            except OSError:
                pass
            time.sleep(0.25)
        raise RuntimeError("server not ready; see %s/server.log" % self.work)

    def spares(self, runtime):
        status, body = self.client.request("GET", "/_fn/health")
        h = json.loads(body).get("runtimes", {}).get(runtime, {}).get("health", {})
        return int(h.get("spare_workers") or 0)

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


# ------------------------------------------------------------------------------------------------
# throughput

WRK_LAT = re.compile(r"^\s*(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)


def wrk(port, path, conns, seconds):
    threads = 1 if conns < 2 else 2
    out = subprocess.run(["wrk", "-t%d" % threads, "-c%d" % conns, "-d%ds" % seconds, "--latency",
                          "http://127.0.0.1:%d%s" % (port, path)], capture_output=True, text=True).stdout
    lat = {}
    for p, v, u in WRK_LAT.findall(out):
        lat[p] = float(v) / 1000 if u == "us" else float(v) * 1000 if u == "s" else float(v)
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(x) for x in sock.groups()) if sock else 0)
    return {"rps": float(rps.group(1)) if rps else 0.0, "p50_ms": lat.get("50", float("nan")),
            "p90_ms": lat.get("90", float("nan")), "p99_ms": lat.get("99", float("nan")), "errors": errors}


def plateau(rps):
    """Three slices in a row within 5% of their mean: the JIT has settled (same rule as
    ProtocolCeilingBench's warm-up)."""
    if len(rps) < 3:
        return False
    mean = sum(rps[-3:]) / 3
    return all(abs(r - mean) <= 0.05 * mean for r in rps[-3:])


def warm_up(port, path, min_s, max_s):
    """2-second wrk slices at 16 connections until the rate stops climbing: on two busy cores the JIT
    needs 10-25 s of load before a path runs compiled. Returns each slice's req/s and the errors."""
    rps, errors, start = [], 0, time.time()
    while True:
        m = wrk(port, path, 16, 2)
        rps.append(round(m["rps"]))
        errors += m["errors"]
        elapsed = time.time() - start
        if elapsed >= max_s or (elapsed >= min_s and plateau(rps)):
            return {"rps": rps, "errors": errors}


class Ceiling:
    """One dev.fastfn.runtime.ProtocolCeilingBench process in serve mode: its workers are started and
    the JIT warmed once, then run() measures one slice, so slices of it and of the gateway can
    alternate (see paired_ratio)."""

    def __init__(self, mode, python, procs, conns, event_file, warmup, warmup_max):
        cp = os.path.join(ROOT, "target", "fastfn.jar") + ":" + os.path.join(ROOT, "target", "test-classes")
        cmd = [JAVA, "-cp", cp, "dev.fastfn.runtime.ProtocolCeilingBench", "--worker", mode, "--python", python,
               "--procs", str(procs), "--concurrency", str(conns), "--warmup", str(warmup),
               "--warmup-max", str(warmup_max), "--serve", "true",
               "--bare", os.path.join(ROOT, "bench", "bare_echo_worker.py"), "--event", event_file]
        self.err = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.err,
                                     text=True, cwd=ROOT)
        self.warmup_rps = self._reply()["warmup_rps"]

    def _reply(self):
        while True:
            line = self.proc.stdout.readline()
            if not line:
                self.err.seek(0)
                raise RuntimeError("ceiling bench failed: " + self.err.read()[-2000:].decode(errors="replace"))
            if line.startswith("{"):
                return json.loads(line)

    def run(self, seconds):
        self.proc.stdin.write("run %s\n" % seconds)
        self.proc.stdin.flush()
        r = self._reply()
        if "error" in r:
            raise RuntimeError("ceiling bench: " + r["error"])
        return {k: r[k] for k in ("rps", "p50_ms", "p90_ms", "p99_ms", "errors")}

    def close(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.err.close()


def paired_ratio(server, bare, pairs, seconds):
    """/pyfast at 16 connections against the bare ceiling in alternating slices (AB BA AB ...), so both
    sides of each pair see the same moment of this shared machine; the ratio is the median over pairs."""
    out = []
    for i in range(pairs):
        sides = {}
        for side in (("http", "bare") if i % 2 == 0 else ("bare", "http")):
            sides[side] = wrk(server.port, "/pyfast", 16, seconds) if side == "http" else bare.run(seconds)
        out.append({"http_rps": sides["http"]["rps"], "bare_rps": sides["bare"]["rps"],
                    "errors": sides["http"]["errors"] + sides["bare"]["errors"],
                    "ratio": sides["http"]["rps"] / sides["bare"]["rps"] if sides["bare"]["rps"] else float("nan")})
        log("  pair %d /pyfast %8.0f req/s, bare ceiling %8.0f calls/s, ratio %.2f"
            % (i + 1, out[-1]["http_rps"], out[-1]["bare_rps"], out[-1]["ratio"]))
    return {"median": statistics.median(p["ratio"] for p in out), "slice_s": seconds, "pairs": out}


def throughput(server, args, python, procs, event_file):
    points = [("/_fn/health", c) for c in args.conns] + [("/pyfast", c) for c in args.conns] \
        + [("ceiling:bare", c) for c in args.conns if c == 16] + [("ceiling:fastfn-worker", c) for c in args.conns
                                                                   if c == 16] \
        + [("/nodefast", c) for c in args.conns]
    warmups = {}
    for path in ("/_fn/health", "/pyfast", "/nodefast"):  # warm-up: JIT, workers
        warmups[path] = warm_up(server.port, path, args.warmup, args.warmup_max)
        log("  warm-up %-10s req/s per 2 s: %s" % (path, " ".join(str(r) for r in warmups[path]["rps"])))
    ceilings = {}
    try:
        for mode in ("bare", "fastfn"):  # one after the other: each warm-up has the machine to itself
            ceilings[mode] = Ceiling(mode, python, procs, 16, event_file, args.warmup, args.warmup_max)
            log("  warm-up ceiling:%-8s calls/s per 1 s: %s" % (mode, " ".join(str(r) for r in ceilings[mode].warmup_rps)))
        rounds = []
        for r in range(args.rounds):
            res = {}
            la = loadavg()[0]
            for path, c in points:
                if path.startswith("ceiling:"):
                    res[(path, c)] = ceilings[path.split(":")[1].replace("-worker", "")].run(args.duration)
                else:
                    res[(path, c)] = wrk(server.port, path, c, args.duration)
                m = res[(path, c)]
                log("  round %d %-22s c=%-3d %8.0f req/s p50 %6.2f p99 %6.2f ms errors %d"
                    % (r + 1, path, c, m["rps"], m["p50_ms"], m["p99_ms"], m["errors"]))
            rounds.append({"load1_start": la, "load1_end": loadavg()[0], "points": res})
        ratio = paired_ratio(server, ceilings["bare"], args.ratio_pairs, args.ratio_slice)
    finally:
        for c in ceilings.values():
            c.close()
    warmups.update({"ceiling:" + m: {"rps": c.warmup_rps, "errors": 0} for m, c in ceilings.items()})
    summary = []
    for path, c in points:
        vals = [rd["points"][(path, c)] for rd in rounds]
        summary.append({"target": path, "connections": c,
                        "rps": statistics.median(v["rps"] for v in vals),
                        "p50_ms": statistics.median(v["p50_ms"] for v in vals),
                        "p90_ms": statistics.median(v["p90_ms"] for v in vals),
                        "p99_ms": statistics.median(v["p99_ms"] for v in vals),
                        "errors": sum(v["errors"] for v in vals),
                        "rounds": [round(v["rps"]) for v in vals]})
    raw_rounds = [{"load1_start": rd["load1_start"], "load1_end": rd["load1_end"],
                   "points": [dict(target=k[0], connections=k[1], **v) for k, v in rd["points"].items()]}
                  for rd in rounds]
    return summary, ratio, raw_rounds, warmups


# ------------------------------------------------------------------------------------------------
# cold start and code change

def wait_spare(server, runtime, timeout=10.0):
    end = time.time() + timeout
    while time.time() < end:
        if server.spares(runtime) >= 1:
            return True
        time.sleep(0.1)
    return False


def first_200(client, path, expect=None, timeout=30.0):
    end = time.time() + timeout
    polls = 0
    while time.time() < end:
        status, body = client.request("GET", path)
        polls += 1
        if status == 200 and (expect is None or expect in body):
            return polls
    raise RuntimeError("%s never answered 200%s" % (path, "" if expect is None else " with " + repr(expect)))


def handler_code(runtime, marker):
    if runtime == "python":
        return 'def handler(event):\n    return {"v": "%s"}\n' % marker
    return 'exports.handler = async () => ({ v: "%s" });\n' % marker


def cold_starts(server, work, n):
    admin = Client(server.port)
    probe = Client(server.port)
    out = {}
    for rt in ("python", "node"):
        post, drop = [], []
        for i in range(n):
            wait_spare(server, rt)
            time.sleep(0.3)
            name = "cold-%s-%d" % (rt[:2], i)
            t0 = time.perf_counter()
            status, body = admin.request("POST", "/_fn/function?runtime=%s&name=%s" % (rt, name),
                                         {"methods": ["GET"], "code": handler_code(rt, name)})
            if status != 201:
                raise RuntimeError("create %s: %d %s" % (name, status, body[:300]))
            t1 = time.perf_counter()
            first_200(probe, "/" + name)
            t2 = time.perf_counter()
            post.append({"total_ms": (t2 - t0) * 1000, "post_ms": (t1 - t0) * 1000, "first_call_ms": (t2 - t1) * 1000})
        for i in range(n):
            wait_spare(server, rt)
            time.sleep(0.3)
            name = "drop-%s-%d" % (rt[:2], i)
            entry = "handler.py" if rt == "python" else "handler.js"
            t0 = time.perf_counter()
            write(os.path.join(work, "functions", rt, name, entry), handler_code(rt, name))
            first_200(probe, "/" + name)
            drop.append((time.perf_counter() - t0) * 1000)
        out[rt] = {
            "post_p50_ms": statistics.median(x["total_ms"] for x in post),
            "post_p90_ms": pct([x["total_ms"] for x in post], 90),
            "post_request_p50_ms": statistics.median(x["post_ms"] for x in post),
            "post_first_call_p50_ms": statistics.median(x["first_call_ms"] for x in post),
            "drop_file_p50_ms": statistics.median(drop), "drop_file_p90_ms": pct(drop, 90),
            "samples": n, "post_ms": [round(x["total_ms"], 2) for x in post], "drop_ms": [round(x, 2) for x in drop]}
    return out


def idle_round_trip(server, n):
    """GET /_fn/health after the same 0.3 s pause the cold-start samples take: the floor under every
    sample (waking an idle server and client costs this much on its own on some machines)."""
    client = Client(server.port)
    times = []
    for _ in range(n):
        time.sleep(0.3)
        t0 = time.perf_counter()
        status, _ = client.request("GET", "/_fn/health")
        if status != 200:
            raise RuntimeError("health: %d" % status)
        times.append((time.perf_counter() - t0) * 1000)
    return {"p50_ms": statistics.median(times), "samples": n, "ms": [round(x, 2) for x in times]}


def code_changes(server, n):
    admin = Client(server.port)
    probe = Client(server.port)
    out = {}
    for rt in ("python", "node"):
        name = "swap-" + rt[:2]
        status, body = admin.request("POST", "/_fn/function?runtime=%s&name=%s" % (rt, name),
                                     {"methods": ["GET"], "code": handler_code(rt, "v0")})
        if status != 201:
            raise RuntimeError("create %s: %d %s" % (name, status, body[:300]))
        first_200(probe, "/" + name, b'"v0"')
        times, put_ms = [], []
        for i in range(1, n + 1):
            wait_spare(server, rt)
            time.sleep(0.3)
            marker = "v%d" % i
            t0 = time.perf_counter()
            status, body = admin.request("PUT", "/_fn/function-code?runtime=%s&name=%s" % (rt, name),
                                         {"code": handler_code(rt, marker)})
            if status != 200:
                raise RuntimeError("code put: %d %s" % (status, body[:300]))
            t1 = time.perf_counter()
            first_200(probe, "/" + name, ('"%s"' % marker).encode())
            times.append((time.perf_counter() - t0) * 1000)
            put_ms.append((t1 - t0) * 1000)
        out[rt] = {"p50_ms": statistics.median(times), "p90_ms": pct(times, 90),
                   "put_request_p50_ms": statistics.median(put_ms), "samples": n,
                   "ms": [round(x, 2) for x in times]}
    return out


# ------------------------------------------------------------------------------------------------
# memory

def memory(server, work, n):
    probe = Client(server.port)
    for i in range(n):
        write(os.path.join(work, "functions", "python", "mem%03d" % i, "handler.py"),
              'def handler(event):\n    return {"n": %d}\n' % i)
    end = time.time() + 60
    while time.time() < end:  # wait for the watcher's rescan
        if probe.request("GET", "/mem%03d" % (n - 1))[0] == 200:
            break
        time.sleep(0.2)
    for i in range(n):
        first_200(probe, "/mem%03d" % i)
    time.sleep(3)
    for i in range(n):  # everything warm: second call of each
        status, _ = probe.request("GET", "/mem%03d" % i)
        if status != 200:
            raise RuntimeError("mem%03d answered %d" % (i, status))
    time.sleep(5)  # let the workers settle (idle)
    java = server.proc.pid
    workers = []
    for c in children(java):
        line = cmdline(c)
        if "fastfn_worker.py" in line:
            workers.append(rss_mb(c))
    return {"functions": n, "server_rss_mb": rss_mb(java), "python_workers": len(workers),
            "idle_python_worker_rss_mb_p50": statistics.median(workers) if workers else float("nan"),
            "idle_python_worker_rss_mb_max": max(workers) if workers else float("nan")}


# ------------------------------------------------------------------------------------------------
# stability

def stability(server, seconds, slice_s=10):
    slices = []
    rss0 = rss_mb(server.proc.pid)
    end = time.time() + seconds
    while time.time() < end:
        m = wrk(server.port, "/pyfast", 16, slice_s)
        m["load1"] = loadavg()[0]
        m["server_rss_mb"] = rss_mb(server.proc.pid)
        slices.append(m)
        log("  stability slice %2d: %8.0f req/s p99 %6.2f ms errors %d rss %.0f MB"
            % (len(slices), m["rps"], m["p99_ms"], m["errors"], m["server_rss_mb"]))
    k = max(1, len(slices) // 5)
    first = statistics.median(s["rps"] for s in slices[:k])
    last = statistics.median(s["rps"] for s in slices[-k:])
    return {"seconds": seconds, "slices": slices, "errors": sum(s["errors"] for s in slices),
            "rps_first": first, "rps_last": last, "last_over_first": last / first if first else float("nan"),
            "server_rss_mb_start": rss0, "server_rss_mb_end": rss_mb(server.proc.pid)}


# ------------------------------------------------------------------------------------------------

def check(value, op, target):
    if value is None or value != value:  # NaN
        return False
    return value >= target if op == ">=" else value <= target


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--duration", type=int, default=5, help="seconds per throughput point (default 5)")
    ap.add_argument("--rounds", type=int, default=3, help="interleaved rounds of all points (default 3)")
    ap.add_argument("--warmup", type=int, default=6,
                    help="minimum warm-up seconds per path before measuring (default 6); warm-up goes on until "
                         "three 2-second slices agree within 5%%")
    ap.add_argument("--warmup-max", type=int, default=40, help="maximum warm-up seconds per path (default 40)")
    ap.add_argument("--connections", default="1,16,64")
    ap.add_argument("--ratio-pairs", type=int, default=8,
                    help="alternating slice pairs of /pyfast and the bare ceiling for the ratio (default 8)")
    ap.add_argument("--ratio-slice", type=float, default=3, help="seconds per ratio slice (default 3)")
    ap.add_argument("--daemons", default=os.environ.get("BENCH_DAEMONS", "python=1,node=1"))
    ap.add_argument("--cold-samples", type=int, default=15)
    ap.add_argument("--memory-functions", type=int, default=100)
    ap.add_argument("--stability", type=int, default=0, help="seconds of stability run (0 = skip; issue: 300)")
    ap.add_argument("--skip", default="", help="comma list of phases to skip: throughput,cold,memory")
    ap.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "18181")))
    ap.add_argument("--jfr", help="record the server with JFR into this file")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results", "perf-%s.json"
                                                  % time.strftime("%Y%m%d-%H%M%S")))
    args = ap.parse_args()
    args.conns = [int(c) for c in args.connections.split(",")]
    skip = set(filter(None, args.skip.split(",")))
    if shutil.which("wrk") is None:
        sys.exit("bench: needs wrk (apt-get install wrk)")
    python = subprocess.run(["python3", "-c", "import sys; print(sys.executable)"], capture_output=True,
                            text=True).stdout.strip()
    procs = 1
    m = re.search(r"python=(\d+)", args.daemons)
    if m:
        procs = int(m.group(1))

    work = tempfile.mkdtemp(prefix="fastfn-perf-")
    fns = os.path.join(work, "functions")
    write(os.path.join(fns, "python", "pyfast", "handler.py"), PY_FAST)
    write(os.path.join(fns, "python", "pyfast", "fn.config.json"), FAST_CONFIG)
    write(os.path.join(fns, "node", "nodefast", "handler.js"), JS_FAST)
    write(os.path.join(fns, "node", "nodefast", "fn.config.json"), FAST_CONFIG)
    write(os.path.join(fns, "python", "pyevent", "handler.py"), PY_EVENT)

    result = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine(),
              "command": " ".join(["bench/perf.sh"] + sys.argv[1:]),
              "config": {"daemons": args.daemons, "duration_s": args.duration, "rounds": args.rounds,
                         "connections": args.conns, "python": python, "load_generator": "wrk (same machine)"},
              "load1": {"start": loadavg()}}
    server = Server(work, args.port, args.daemons, {}, args.jfr)
    try:
        server.wait_ready()
        client = Client(args.port)
        status, event = client.request("GET", "/pyevent", headers={"User-Agent": "wrk"})
        event_file = os.path.join(work, "event.json")
        with open(event_file, "wb") as f:
            f.write(event)
        errors = 0
        if "throughput" not in skip:
            log("throughput: %d round(s) x %d s per point" % (args.rounds, args.duration))
            summary, ratio, raw, warmups = throughput(server, args, python, procs, event_file)
            result["warmup"] = warmups
            errors += sum(w["errors"] for w in warmups.values()) + sum(p["errors"] for p in ratio["pairs"])
            result["throughput"] = summary
            result["throughput_rounds"] = raw
            result["python_vs_bare_ceiling"] = ratio
            errors += sum(p["errors"] for p in summary)
            result["load1"]["after_throughput"] = loadavg()
        if "cold" not in skip:
            log("cold starts: %d samples per runtime and kind" % args.cold_samples)
            result["cold_start"] = cold_starts(server, work, args.cold_samples)
            result["code_change"] = code_changes(server, args.cold_samples)
            result["idle_round_trip"] = idle_round_trip(server, args.cold_samples)
            result["load1"]["after_cold"] = loadavg()
        if "memory" not in skip:
            log("memory: %d functions" % args.memory_functions)
            result["memory"] = memory(server, work, args.memory_functions)
        if args.stability > 0:
            log("stability: %d s" % args.stability)
            result["stability"] = stability(server, args.stability)
            errors += result["stability"]["errors"]
        result["errors_total"] = errors
        result["load1"]["end"] = loadavg()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)

    # ---- report
    def point(target, c):
        for p in result.get("throughput", []):
            if p["target"] == target and p["connections"] == c:
                return p
        return None

    values = {}
    if "throughput" in result:
        for key, target in (("python", "/pyfast"), ("node", "/nodefast"), ("health", "/_fn/health")):
            p = point(target, 16)
            if p:
                values[key + "_rps_c16"] = p["rps"]
                values[key + "_p99_ms_c16"] = p["p99_ms"]
        values["python_vs_bare_ceiling"] = result["python_vs_bare_ceiling"]["median"]
    if "cold_start" in result:
        for rt in ("python", "node"):
            values["cold_start_post_%s_p50_ms" % rt] = result["cold_start"][rt]["post_p50_ms"]
            values["cold_start_drop_%s_p50_ms" % rt] = result["cold_start"][rt]["drop_file_p50_ms"]
            values["code_change_%s_p50_ms" % rt] = result["code_change"][rt]["p50_ms"]
    if "memory" in result:
        values["server_rss_mb_100_warm"] = result["memory"]["server_rss_mb"]
        values["idle_python_worker_rss_mb"] = result["memory"]["idle_python_worker_rss_mb_p50"]
    values["errors_total"] = result["errors_total"]
    result["targets"] = []
    for k, v in values.items():
        op, tgt = TARGETS.get(k, (None, None))
        result["targets"].append({"name": k, "value": v, "target": None if op is None else "%s %s" % (op, tgt),
                                  "ok": None if op is None else check(v, op, tgt)})

    print()
    print("machine: %d cpus (%s), load average %s at start, %s at end; command: %s"
          % (result["machine"]["cpus"], result["machine"]["cpu_model"],
             " ".join("%.2f" % x for x in result["load1"]["start"]),
             " ".join("%.2f" % x for x in result["load1"]["end"]), result["command"]))
    if "throughput" in result:
        print()
        print("%-24s %5s %10s %8s %8s %8s %7s  %s" % ("target", "conns", "req/s", "p50ms", "p90ms", "p99ms",
                                                     "errors", "per-round req/s"))
        for p in result["throughput"]:
            print("%-24s %5d %10.0f %8.2f %8.2f %8.2f %7d  %s" % (p["target"], p["connections"], p["rps"],
                                                                p["p50_ms"], p["p90_ms"], p["p99_ms"],
                                                                p["errors"], p["rounds"]))
        rc = result["python_vs_bare_ceiling"]
        print("python /pyfast vs bare ceiling (c16, %s python worker(s), %d alternating pairs of %g s slices): "
              "%.2f (per pair %s)" % (procs, len(rc["pairs"]), rc["slice_s"], rc["median"],
                                      " ".join("%.2f" % p["ratio"] for p in rc["pairs"])))
    if "cold_start" in result:
        print()
        for rt in ("python", "node"):
            c = result["cold_start"][rt]
            cc = result["code_change"][rt]
            print("%-6s cold start POST->200 p50 %6.1f ms (p90 %6.1f; POST itself %5.1f, first call %5.1f) | "
                  "new file->200 p50 %6.1f ms | code change PUT->new code p50 %6.1f ms (p90 %6.1f)"
                  % (rt, c["post_p50_ms"], c["post_p90_ms"], c["post_request_p50_ms"], c["post_first_call_p50_ms"],
                     c["drop_file_p50_ms"], cc["p50_ms"], cc["p90_ms"]))
        print("idle round trip (GET /_fn/health after the same 0.3 s pause) p50 %.2f ms"
              % result["idle_round_trip"]["p50_ms"])
    if "memory" in result:
        mm = result["memory"]
        print()
        print("memory: server RSS %.0f MB with %d warm functions; idle python worker RSS p50 %.1f MB (max %.1f, %d workers)"
              % (mm["server_rss_mb"], mm["functions"], mm["idle_python_worker_rss_mb_p50"],
                 mm["idle_python_worker_rss_mb_max"], mm["python_workers"]))
    if "stability" in result:
        st = result["stability"]
        print("stability: %d s, errors %d, req/s first %.0f last %.0f (x%.2f), server RSS %.0f -> %.0f MB"
              % (st["seconds"], st["errors"], st["rps_first"], st["rps_last"], st["last_over_first"],
                 st["server_rss_mb_start"], st["server_rss_mb_end"]))
    print()
    print("%-34s %12s %12s  %s" % ("target", "value", "goal", "met"))
    for t in result["targets"]:
        v = t["value"]
        print("%-34s %12s %12s  %s" % (t["name"], ("%.2f" % v) if isinstance(v, float) else v, t["target"] or "-",
                                       {True: "yes", False: "NO", None: "-"}[t["ok"]]))
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print("\nwrote " + args.out)


if __name__ == "__main__":
    main()
