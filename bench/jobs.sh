#!/usr/bin/env bash
# Enqueue and completion throughput of no-op jobs (dev.fastfn.jobs.JobsBench in the test tree).
#
#   bench/jobs.sh [jobs=2000] [runner concurrency list=2,8,32] [http clients=8]
#
# "store" rows: JobQueue + JobRunner on SQLite with an executor that returns at once (the platform's
# own cost per job). "http" rows: a real server in the same JVM, POST /_fn/jobs from concurrent
# clients, each job running a trivial Node handler in a worker process.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o test-compile
cp_file="$(mktemp /tmp/fastfn-bench-cp.XXXXXX)"
trap 'rm -f "$cp_file"' EXIT
./mvnw -q -B -o dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
java="${JAVA:-}"
if [ -z "$java" ]; then
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    if [ -x "$d/bin/java" ] && "$d/bin/java" -version 2>&1 | grep -Eq 'version "(2[1-9]|[3-9][0-9])'; then
      java="$d/bin/java"
      break
    fi
  done
fi
exec "$java" --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=bench/logback-quiet.xml \
  -cp "target/test-classes:target/classes:$(cat "$cp_file")" dev.fastfn.jobs.JobsBench "$@"
