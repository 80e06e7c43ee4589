#!/usr/bin/env bash
# Three Fulcrum nodes, each its own process, on one PostgreSQL schema and an in-process KRaft Kafka
# broker; one node is killed with SIGKILL while it holds outbox claims and queued events, the others
# take over, it rejoins, and the run ends with the checks of NodeFailureTest (no acknowledged write
# lost, every event scanned once, every action delivered). The same harness the test uses.
#
#   deploy/cluster-demo.sh [seconds]          (default 60, at least 30)
#
# Needs PostgreSQL with a database "test" reachable as user postgres on 127.0.0.1:5432, or the JDBC
# URL in FULCRUM_TEST_PG_URL. Builds the modules and runs the harness through the test runner
# (ClusterDemoRun), so nothing is installed into the local Maven repository; extra Maven options,
# such as -o, go in MAVEN_ARGS. The nodes and the broker stop with the run (Ctrl-C too); exit status
# 0 when every check held.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
seconds="${1:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -ge 30 ] || { echo "usage: deploy/cluster-demo.sh [seconds >= 30]" >&2; exit 2; }
pg="${FULCRUM_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
exec ./mvnw -B -q -pl server -am test -Dtest=ClusterDemoRun -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfulcrum.demo.seconds="$seconds" -Dfulcrum.test.pg.url="$pg"
