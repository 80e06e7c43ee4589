#!/usr/bin/env bash
# Three Fulcrum nodes, each its own process, on one PostgreSQL schema and an in-process KRaft Kafka
# broker; one node is killed with SIGKILL while it holds outbox claims and queued events, the others
# take over, it rejoins, and the run ends with the checks of NodeFailureTest (no acknowledged write
# lost, every event scanned once, every action delivered). The same harness the test uses.
#
#   deploy/cluster-demo.sh [seconds]          (default 60)
#
# Needs PostgreSQL with a database "test" reachable as user postgres on 127.0.0.1:5432, or the JDBC
# URL in FULCRUM_TEST_PG_URL. Builds the modules first if needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
pg="${FULCRUM_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}"
./mvnw -B -q -DskipTests install -pl server -am
exec ./mvnw -B -q -pl server test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:exec \
  -Dexec.executable=java -Dexec.classpathScope=test \
  -Dexec.args="-Dfulcrum.test.pg.url=$pg -cp %classpath org.fulcrum.server.cluster.ClusterDemo ${1:-60}"
