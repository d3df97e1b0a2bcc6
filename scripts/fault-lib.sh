# Shared by scripts/fault-* and scripts/bench: a throwaway local cluster in a scratch directory,
# with free ports and a cluster name of its own, so that it can run beside anything else
# (scripts/start-cluster, tests, another run of these scripts).
#
#   cl_init NAME            scratch dir, ports and cluster name; stops everything on exit
#   cl_start_node N         starts node N (1..3) and waits until it answers HTTP
#   cl_wait_cluster SIZE [TIMEOUT] [NODES...]
#                           polls /_cluster/health until every node listed sees SIZE gateway
#                           nodes and is green (serving, view caught up)
#   cl_kill9 N              kill -9 of node N (no clean leave)
#   cl_stop_all             SIGTERM to every running node, kill -9 after 30 s
#
# INFERGATE_JAR=path runs that jar instead of building target/infergate.jar.
# Set CL_KEEP=1 to keep the scratch directory (node logs, client logs) after the run; it is also
# kept when the script fails.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CL_NODES=3
CL_USER=elastic
CL_PASSWORD=fault-password-$RANDOM$RANDOM
CL_PIDS=()
CL_HTTP=()
CL_CPORT=()
CL_STORE_ENV=()
CL_EXTRA_CLEANUP=()
CL_HOST=()      # a node's cluster address; 127.0.0.1 unless set before cl_init (any 127.x.y.z is local)
CL_NODE_ENV=()  # extra INFERGATE_...=value settings for every node
CL_JAVA_OPTS=() # extra JVM options of node N

# Prints N distinct ports that are free now, outside the kernel's ephemeral range, so that no
# outgoing connection (or a node's event-bus port 0) takes one of them between now and their use.
cl_free_ports() {
  python3 - "$1" <<'EOF'
import random, socket, sys
want = int(sys.argv[1])
lo, hi = (int(x) for x in open("/proc/sys/net/ipv4/ip_local_port_range").read().split())
candidates = [p for p in range(20000, 32000) if not lo <= p <= hi] or list(range(hi + 1, 65000))
random.shuffle(candidates)
held, ports = [], []
for port in candidates:
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        s.close()
        continue
    held.append(s)
    ports.append(port)
    if len(ports) == want:
        break
for s in held:
    s.close()
print(" ".join(map(str, ports)))
EOF
}

cl_init() {
  local name=$1
  if [[ -n "${INFERGATE_JAR:-}" ]]; then
    JAR=$(realpath "$INFERGATE_JAR")
  else
    ensure_jar
  fi
  CL_NAME="$name"
  CL_DIR=$(mktemp -d "${TMPDIR:-/tmp}/infergate-$name.XXXXXX")
  # The whole run uses this copy, so a rebuild meanwhile (or a restart late in the run) cannot mix builds.
  cp "$JAR" "$CL_DIR/infergate.jar"
  JAR="$CL_DIR/infergate.jar"
  CL_CLUSTER_NAME="$name-$$-$RANDOM"
  mkdir -p "$CL_DIR/conf" "$CL_DIR/data"
  cp "$ROOT/conf/roles.yml" "$CL_DIR/conf/"
  # One keystore for every node of this cluster, as machines of one cluster share a copy.
  java -cp "$JAR" io.infergate.keystore.KeystoreCommand --path "$CL_DIR/conf/infergate.keystore" create > /dev/null
  local ports
  read -r -a ports <<< "$(cl_free_ports $((2 * CL_NODES)))"
  local members=() n
  for ((n = 1; n <= CL_NODES; n++)); do
    CL_HTTP[n]=${ports[$((2 * n - 2))]}
    CL_CPORT[n]=${ports[$((2 * n - 1))]}
    CL_HOST[n]=${CL_HOST[n]:-127.0.0.1}
    members+=("${CL_HOST[n]}:${CL_CPORT[n]}")
  done
  CL_MEMBERS=$(IFS=,; echo "${members[*]}")
  CL_STORE_ENV=(INFERGATE_STORE_TYPE=sqlite "INFERGATE_STORE_SQLITE_PATH=$CL_DIR/data/infergate.db")
  trap cl_cleanup EXIT
  trap 'exit 130' INT TERM
  echo "scratch dir $CL_DIR, cluster name $CL_CLUSTER_NAME, HTTP ports ${CL_HTTP[*]}, cluster ports ${CL_CPORT[*]}"
}

cl_url() { echo "http://127.0.0.1:${CL_HTTP[$1]}"; }

cl_urls() {
  local urls=() n
  for ((n = 1; n <= CL_NODES; n++)); do urls+=("$(cl_url "$n")"); done
  (IFS=,; echo "${urls[*]}")
}

cl_start_node() {
  local n=$1
  (
    cd "$CL_DIR"
    env INFERGATE_CONFIG="$ROOT/conf/infergate.json" INFERGATE_CLUSTER_CONFIG="$ROOT/conf/cluster.xml" \
      INFERGATE_NODE_NAME="node-$n" INFERGATE_CLUSTER_NAME="$CL_CLUSTER_NAME" \
      INFERGATE_HTTP_PORT="${CL_HTTP[n]}" INFERGATE_CLUSTER_PORT="${CL_CPORT[n]}" \
      INFERGATE_CLUSTER_MEMBERS="$CL_MEMBERS" INFERGATE_SECURITY_CONF_DIR="$CL_DIR/conf" \
      INFERGATE_KEYSTORE_PATH="$CL_DIR/conf/infergate.keystore" \
      INFERGATE_EVENTS_BRIDGE_PORT=-1 INFERGATE_AUDIT_PATH="$CL_DIR/audit.json" \
      INFERGATE_CLUSTER_HOST="${CL_HOST[n]}" \
      ELASTIC_PASSWORD="$CL_PASSWORD" "${CL_STORE_ENV[@]}" ${CL_NODE_ENV[@]+"${CL_NODE_ENV[@]}"} \
      java "${JAVA_FLAGS[@]}" ${INFERGATE_JAVA_OPTS:-} ${CL_JAVA_OPTS[n]:-} -jar "$JAR" >> "$CL_DIR/node-$n.log" 2>&1 &
    echo $! > "$CL_DIR/node-$n.pid"
  )
  CL_PIDS[n]=$(cat "$CL_DIR/node-$n.pid")
  if ! wait_for_http "${CL_HTTP[n]}" "${CL_PIDS[n]}" 120; then
    echo "--- last lines of node-$n.log:" >&2
    tail -n 40 "$CL_DIR/node-$n.log" >&2
    return 1
  fi
  echo "node-$n up: $(cl_url "$n") (pid ${CL_PIDS[n]}, log $CL_DIR/node-$n.log)"
}

# cl_wait_cluster SIZE [TIMEOUT_SECONDS] [NODE...]: every listed node (default all running ones)
# reports number_of_nodes == SIZE and status green.
cl_wait_cluster() {
  local size=$1 timeout=${2:-90} nodes=("${@:3}") deadline n body ok
  if ((${#nodes[@]} == 0)); then
    for ((n = 1; n <= CL_NODES; n++)); do cl_alive "$n" && nodes+=("$n"); done
  fi
  deadline=$((SECONDS + timeout))
  while true; do
    ok=1
    for n in "${nodes[@]}"; do
      body=$(curl -s -m 5 -u "$CL_USER:$CL_PASSWORD" "$(cl_url "$n")/_cluster/health" || true)
      if ! python3 -c 'import json,sys; h=json.loads(sys.argv[1]); sys.exit(0 if h.get("number_of_nodes")==int(sys.argv[2]) and h.get("status")=="green" else 1)' \
          "${body:-{\}}" "$size" 2>/dev/null; then
        ok=0
        break
      fi
    done
    ((ok)) && return 0
    if ((SECONDS > deadline)); then
      echo "cluster did not reach $size green nodes within ${timeout}s; node-$n says: $body" >&2
      return 1
    fi
    sleep 0.2
  done
}

cl_alive() { [[ -n "${CL_PIDS[$1]:-}" ]] && kill -0 "${CL_PIDS[$1]}" 2>/dev/null; }

cl_kill9() {
  local n=$1
  if cl_alive "$n"; then
    kill -9 "${CL_PIDS[n]}"
    wait "${CL_PIDS[n]}" 2>/dev/null || true
  fi
  CL_PIDS[n]=""
}

cl_stop_all() {
  local n pid waited
  for ((n = 1; n <= CL_NODES; n++)); do
    cl_alive "$n" && kill "${CL_PIDS[n]}" 2>/dev/null
  done
  for ((n = 1; n <= CL_NODES; n++)); do
    pid=${CL_PIDS[n]:-}
    [[ -z "$pid" ]] && continue
    waited=0
    while kill -0 "$pid" 2>/dev/null && ((waited < 150)); do sleep 0.2; waited=$((waited + 1)); done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
    CL_PIDS[n]=""
  done
}

# Greps the node logs for stack traces and SEVERE/ERROR lines; prints a short digest.
cl_log_digest() {
  local n f count warnings
  for ((n = 1; n <= CL_NODES; n++)); do
    f="$CL_DIR/node-$n.log"
    [[ -f "$f" ]] || continue
    count=$(grep -cE '^[0-9T:.-]+ (SEVERE|ERROR)|Exception' "$f" || true)
    warnings=$(grep -cE '^[0-9T:.-]+ WARNING' "$f" || true)
    echo "node-$n.log: $count SEVERE/ERROR/exception lines, $warnings warnings"
    grep -E '^[0-9T:.-]+ (SEVERE|WARNING|ERROR)|Exception' "$f" \
      | head -n 6 | cut -c1-260 | sed 's/^/    /' || true
  done
}

# Pids from the pid files of this run whose process still runs this run's copy of the jar: also
# catches nodes started from a subshell, whose pid never reached CL_PIDS.
cl_adopt_orphans() {
  local n pid
  for ((n = 1; n <= CL_NODES; n++)); do
    [[ -n "${CL_PIDS[n]:-}" || ! -f "$CL_DIR/node-$n.pid" ]] && continue
    pid=$(cat "$CL_DIR/node-$n.pid")
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$JAR"; then
      CL_PIDS[n]=$pid
    fi
  done
}

cl_cleanup() {
  local rc=$?
  trap - EXIT
  local cmd
  cl_adopt_orphans
  cl_stop_all
  for cmd in "${CL_EXTRA_CLEANUP[@]}"; do eval "$cmd" || true; done
  if ((rc != 0)) || [[ "${CL_KEEP:-0}" == 1 ]]; then
    echo "scratch dir kept: $CL_DIR"
  else
    rm -rf "$CL_DIR"
  fi
  exit "$rc"
}
