# Shared by the scripts: project root, the jar, and the JVM options a node runs with.
# shellcheck shell=bash
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/target/infergate.jar"
# The JVM options of every Java process the scripts start: conf/jvm.options (INFERGATE_JVM_OPTIONS
# names another file), one option per line, # comments and blank lines ignored. INFERGATE_GC, when
# set, replaces the file's collector (-XX:+Use...GC). INFERGATE_JAVA_OPTS is not in here: the node
# launchers add it after these, so that it wins.
jvm_options() {
  local file=${INFERGATE_JVM_OPTIONS:-$ROOT/conf/jvm.options} line
  if [[ ! -r "$file" ]]; then
    echo "cannot read the JVM options file $file" >&2
    return 1
  fi
  JAVA_FLAGS=()
  while IFS= read -r line || [[ -n "$line" ]]; do
    line="${line#"${line%%[![:space:]]*}"}"
    line="${line%"${line##*[![:space:]]}"}"
    [[ -z "$line" || "$line" == \#* ]] && continue
    if [[ -n "${INFERGATE_GC:-}" && "$line" =~ ^-XX:\+Use[A-Za-z]+GC$ ]]; then
      continue
    fi
    JAVA_FLAGS+=("$line")
  done < "$file"
  if [[ -n "${INFERGATE_GC:-}" ]]; then
    JAVA_FLAGS+=($INFERGATE_GC)
  fi
}
jvm_options

# Builds the jar when it is missing or older than the sources.
ensure_jar() {
  # An installed copy (the container image, a systemd install) has the jar and no sources to build from.
  if [[ ! -f "$ROOT/pom.xml" ]]; then
    [[ -f "$JAR" ]] || { echo "no $JAR and no sources to build it from" >&2; return 1; }
    return 0
  fi
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
