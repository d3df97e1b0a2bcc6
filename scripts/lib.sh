# Shared by the scripts: project root, the jar, and the JVM flags a node runs with.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/infergate.jar"
# Hazelcast uses these JDK internals for speed and warns at start without them. The collector is
# INFERGATE_GC (default the parallel one: shorter write-latency tails than G1 here, scripts/benchmark).
JAVA_FLAGS=(${INFERGATE_GC:--XX:+UseParallelGC} -Xms512m -Xmx512m --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens java.management/sun.management=ALL-UNNAMED
  --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED)

# Builds the jar when it is missing or older than the sources.
ensure_jar() {
  if [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT/src/main" "$ROOT/pom.xml" -newer "$JAR" -print -quit)" ]]; then
    echo "building $JAR ..." >&2
    (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
  fi
}

# Waits until a node answers HTTP on the port (any status: 401 means it is up and secured).
wait_for_http() {
  local port=$1 pid=$2 deadline=$((SECONDS + ${3:-90}))
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "node on port $port exited during start; see its log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "node on port $port did not answer in time" >&2
      return 1
    fi
    sleep 0.2
  done
}
