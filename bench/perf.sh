#!/usr/bin/env bash
# fastfn performance suite (issue 8): builds the jar and the test classes (the protocol ceiling load
# generator lives in the test tree), then runs bench/perf.py with every argument. Needs wrk, python3,
# node and a JDK 21+ (the build picks JDK 25 through the toolchains plugin).
#
#   bench/perf.sh                       # all phases, 3 interleaved rounds x 5 s per point
#   bench/perf.sh --stability 300       # plus the 5-minute stability run
#   bench/perf.sh --rounds 1 --duration 3 --cold-samples 5 --memory-functions 20   # quick look
#   bench/perf.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BENCH_NO_BUILD:-0}" != "1" ]; then
  ./mvnw -q -B -o -DskipTests package >&2
fi
exec python3 bench/perf.py "$@"
