#!/usr/bin/env bash
# Benchmarks of MFA Portal: bench/run.sh [credentials|overhead|propagation|scale|footprint|qr|load|soak|gc ...]
# Without names: credentials overhead propagation scale footprint qr. See docs/performance.md.
# credentials, overhead and propagation run under each latency profile of the emulator (loopback, realistic;
# -Dbench.profiles=...) and end with a side-by-side table and the targets of issue #17, met or not.
#
# Builds the packaged app, the emulator's jar and the benchmark classes (./mvnw -Pbench package, tests not run),
# then runs org.mfaportal.bench.Bench in portal/, which starts what it needs on loopback (the emulator's own jar
# on BASE+10/BASE+11, portal BASE..BASE+2 with BASE=$BENCH_PORT_BASE, default 18710; Keycloak on $KEYCLOAK_PORT
# unless one already answers there; PostgreSQL database $BENCH_DATABASE, default test_bench) and stops everything
# it started when it ends, fails or is interrupted.
# Figures are printed and appended to portal/target/bench-figures.tsv. Set BENCH_QUIET_MACHINE=yes only when nothing
# else runs on the machine; otherwise every figure is labelled provisional.
# Knobs (-D via BENCH_OPTS): bench.credentials.runs=100 bench.overhead.seconds=15 bench.propagation.runs=10
# bench.scale.users=10000 bench.footprint.starts=5 bench.load.users=200 bench.load.seconds=60
# bench.soak.issuances=1000 bench.floor.runs=50 bench.gc.seconds=60 bench.gc.warmup-seconds=20
# bench.gc.options='-XX:+UseSerialGC,-Xmx576m;-XX:+UseG1GC,-Xmx576m' bench.gc.rounds=1 bench.gc.users=100
# bench.profiles=loopback,realistic
set -euo pipefail
cd "$(dirname "$0")/.."
KEYCLOAK_PORT="${KEYCLOAK_PORT:-18680}"
BENCH_PORT_BASE="${BENCH_PORT_BASE:-18710}"
BENCH_DATABASE="${BENCH_DATABASE:-test_bench}"

if [[ "${BENCH_SKIP_BUILD:-no}" != yes ]]; then
  ./mvnw -q -Pbench -Dkeycloak.port="$KEYCLOAK_PORT" package
fi

cd portal
java -Xmx512m -Dkeycloak.port="$KEYCLOAK_PORT" -Dkeycloak.version=26.5.6 \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager -Drepository.root=.. \
  -Demulator.jar=../emulator/target/mfa-portal-emulator-standalone.jar \
  -Dbench.port-base="$BENCH_PORT_BASE" -Dbench.database="$BENCH_DATABASE" \
  ${BENCH_OPTS:-} \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  org.mfaportal.bench.Bench "$@" &
bench=$!
# Interrupted: let the JVM's shutdown hooks stop the portal, the emulator and Keycloak it started.
trap 'kill -TERM "$bench" 2>/dev/null; wait "$bench"' INT TERM
wait "$bench"
