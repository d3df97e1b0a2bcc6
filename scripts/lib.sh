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
    if [[ -f "$JAR" ]]; then
      echo "rebuilding the gateway jar (the sources changed; a minute or two)..." >&2
    else
      echo "building the gateway jar (first run: a few minutes while Maven fetches the dependencies)..." >&2
    fi
    (cd "$ROOT" && mvn -q -B -DskipTests package) >&2
    echo "built $JAR" >&2
  fi
}

# Waits until COMMAND... succeeds while process PID lives: fails (naming WHAT) when it exits first
# or after TIMEOUT seconds.
wait_while_alive() {
  local pid=$1 timeout=$2 what=$3 deadline
  shift 3
  deadline=$((SECONDS + timeout))
  until "$@"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$what exited during start; see its log" >&2
      return 1
    fi
    if ((SECONDS > deadline)); then
      echo "$what did not answer in time" >&2
      return 1
    fi
    sleep 0.2
  done
}

# Waits until a process answers HTTP on the port (any status: 401 means it is up and secured).
wait_for_http() {
  wait_while_alive "$2" "${3:-90}" "process $2 on port $1" curl -s -o /dev/null "http://127.0.0.1:$1/"
}

# Waits until the node started as PID has written PID to PIDFILE, which it does once it listens on
# every port (INFERGATE_PID_FILE), and answers HTTP on PORT: another process already answering
# the port is never taken for it.
wait_for_node() {
  local port=$1 pid=$2 pidfile=$3 timeout=${4:-90}
  wait_while_alive "$pid" "$timeout" "node $pid (HTTP port $port)" node_answers "$port" "$pid" "$pidfile"
}

node_answers() {
  [[ "$(cat "$3" 2>/dev/null)" == "$2" ]] && curl -s -o /dev/null "http://127.0.0.1:$1/"
}

# True when something listens on 127.0.0.1:PORT (a connection is accepted).
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}
