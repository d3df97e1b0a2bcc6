#!/usr/bin/env python3
"""Load and check client for the fault scripts (scripts/fault-kill-one, scripts/fault-restart-all).

  load   a bounded stream of creates and deletes, spread over every node, several in flight; every
         outcome goes to a JSON-lines log. Optionally kill -9 some node processes part-way through.
  check  replays the log into the state every id must have, then asks the nodes: GET of every id
         whose state is certain, and the list GET /_inference (exactly equal with --exact); and
         every node must give the same answer for every id, uncertain ones included (the views
         have converged on the registry's one value).

Outcomes in the log:
  ack       PUT 200, or DELETE 200 with "acknowledged": true (every node's view has it)
  unack     DELETE 200 with "acknowledged": false (the change stands, not every view confirmed it)
  exists    PUT 400 resource_already_exists_exception (nothing changed)
  notfound  DELETE 404 (nothing changed)
  refused   the TCP connection was refused: nothing was sent, so nothing changed
  unknown   anything else (timeout, reset, 5xx, unexpected status): the change may or may not
            have happened. The id is retired: no later operation touches it, and check skips it.

Each id belongs to one worker and sees one operation at a time, so the log order of one id's
operations is the order in which they took effect. Consistency rules checked on the fly:
  a DELETE answering 404 for an id whose acknowledged create was never deleted: a lost create;
  a PUT answering "already exists" for an id whose delete was acknowledged: a resurrection.
Standard library only.
"""

import argparse
import base64
import http.client
import json
import os
import random
import signal
import sys
import threading
import time

PUT_BODY = json.dumps({"service": "hugging_face",
                       "service_settings": {"api_key": "fault-secret", "url": "https://hf.example"}})


class Nodes:
    def __init__(self, urls, auth):
        self.addresses = []
        for url in urls.split(","):
            hostport = url.strip().split("://", 1)[-1].rstrip("/")
            host, port = hostport.rsplit(":", 1)
            self.addresses.append((host, int(port)))
        self.headers = {"Authorization": "Basic " + base64.b64encode(auth.encode()).decode(),
                        "Content-Type": "application/json"}

    def __len__(self):
        return len(self.addresses)


class Connections:
    """One keep-alive connection per node, for one thread."""

    def __init__(self, nodes, timeout):
        self.nodes = nodes
        self.timeout = timeout
        self.conns = {}

    def request(self, node, method, path, body=None):
        """Returns (status, parsed_json_or_text, None) or (None, None, error_kind)."""
        conn = self.conns.get(node)
        if conn is None:
            host, port = self.nodes.addresses[node]
            conn = http.client.HTTPConnection(host, port, timeout=self.timeout)
            try:
                conn.connect()
            except ConnectionRefusedError:
                return None, None, "refused"
            except OSError as e:
                return None, None, "connect:" + type(e).__name__
            self.conns[node] = conn
        try:
            conn.request(method, path, body=body, headers=self.nodes.headers)
            response = conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as e:
            conn.close()
            self.conns.pop(node, None)
            return None, None, type(e).__name__
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = raw.decode(errors="replace")[:200]
        if response.getheader("Connection", "").lower() == "close":
            conn.close()
            self.conns.pop(node, None)
        return response.status, parsed, None

    def close(self):
        for conn in self.conns.values():
            conn.close()
        self.conns.clear()


def error_type(body):
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        return body["error"].get("type")
    return None


def classify(op, status, body, error):
    if error is not None:
        return "refused" if error == "refused" else "unknown"
    if op == "create":
        if status == 200:
            return "ack"
        if status == 400 and error_type(body) == "resource_already_exists_exception":
            return "exists"
    elif op == "delete":
        if status == 200 and isinstance(body, dict):
            return "ack" if body.get("acknowledged") is True else "unack"
        if status == 404:
            return "notfound"
    return "unknown"


class IdState:
    """What the log says about one id: present, absent, or uncertain (after an unknown outcome)."""
    PRESENT, ABSENT, UNCERTAIN = "present", "absent", "uncertain"


def apply_outcome(states, entry, violations):
    """Folds one log entry into the per-id states; records consistency violations."""
    rid, op, outcome = entry["id"], entry["op"], entry["outcome"]
    state = states.get(rid, IdState.ABSENT)
    if outcome == "unknown":
        state = IdState.UNCERTAIN
    elif state == IdState.UNCERTAIN:
        pass  # retired: nothing after an unknown outcome says anything certain
    elif op == "create" and outcome == "ack":
        state = IdState.PRESENT
    elif op == "delete" and outcome in ("ack", "unack"):
        state = IdState.ABSENT
    elif op == "create" and outcome == "exists":
        if state == IdState.ABSENT:
            if rid in states:
                why = "after its delete was acknowledged (resurrected?)"
            else:
                why = "though no earlier request could have created it (a create applied twice?)"
            violations.append(f"{rid}: PUT on node {entry['node'] + 1} answered 'already exists' {why} "
                              f"[{entry['t']:.3f}s]")
        state = IdState.PRESENT
    elif op == "delete" and outcome == "notfound":
        if state == IdState.PRESENT:
            violations.append(f"{rid}: DELETE on node {entry['node'] + 1} answered 404 after its create "
                              f"was acknowledged (lost) [{entry['t']:.3f}s]")
        state = IdState.ABSENT
    if outcome != "refused" or rid in states:
        states[rid] = state


def read_log(path):
    entries, events = [], []
    if not os.path.exists(path):
        return entries, events
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            item = json.loads(line)
            (events if "event" in item else entries).append(item)
    return entries, events


def replay(entries):
    states, violations = {}, []
    for entry in entries:
        if entry["op"] in ("create", "delete"):
            apply_outcome(states, entry, violations)
    return states, violations


# ----------------------------------------------------------------------------------------- load

def load(args):
    nodes = Nodes(args.nodes, args.auth)
    previous, _ = read_log(args.log)
    known_states, _ = replay(previous)
    log = open(args.log, "a", buffering=1)
    lock = threading.Lock()
    start = time.monotonic()
    deadline = start + args.duration
    hard_deadline = deadline + args.timeout + 5
    stop = threading.Event()
    counters = {"ops": 0}
    run = args.run or f"r{os.getpid() % 10000}"
    kill_pids = [int(p) for p in args.kill_pids.split(",") if p] if args.kill_pids else []
    killed = threading.Event()
    killed_at = {}

    def write(item):
        with lock:
            log.write(json.dumps(item) + "\n")

    def maybe_kill():
        if not kill_pids or killed.is_set():
            return
        with lock:
            if killed.is_set():
                return
            elapsed = time.monotonic() - start
            if elapsed < args.kill_after and counters["ops"] < args.kill_after_ops:
                return
            for pid in kill_pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            killed_at["t"] = time.monotonic() - start
            killed.set()
            log.write(json.dumps({"event": "kill", "pids": kill_pids, "t": killed_at["t"],
                                  "ops_before": counters["ops"]}) + "\n")

    # Ids the previous runs left in a certain state are handed out again, round-robin.
    inherited = [[] for _ in range(args.concurrency)]
    certain = sorted(rid for rid, state in known_states.items() if state != IdState.UNCERTAIN)
    for i, rid in enumerate(certain):
        inherited[i % args.concurrency].append((rid, known_states[rid] == IdState.PRESENT))

    def worker(w):
        rnd = random.Random(args.seed * 1000 + w if args.seed is not None else None)
        conns = Connections(nodes, args.timeout)
        fresh = [0]

        def new_id():
            fresh[0] += 1
            return f"{run}-w{w}-{fresh[0]}"

        # id -> whether it exists now, as far as this worker knows for certain
        pool = dict(inherited[w])
        while len(pool) < args.ids_per_worker:
            pool[new_id()] = False
        while not stop.is_set():
            now = time.monotonic()
            if now >= deadline or (args.stop_after_kill and killed.is_set()):
                break
            with lock:
                if counters["ops"] >= args.max_ops:
                    break
                counters["ops"] += 1
            maybe_kill()
            rid = rnd.choice(list(pool))
            exists = pool[rid]
            node = rnd.randrange(len(nodes))
            op = "delete" if exists else "create"
            t0 = time.monotonic()
            if op == "create":
                status, body, error = conns.request(node, "PUT", f"/_inference/sparse_embedding/{rid}", PUT_BODY)
            else:
                status, body, error = conns.request(node, "DELETE", f"/_inference/{rid}")
            t1 = time.monotonic()
            outcome = classify(op, status, body, error)
            item = {"t": t1 - start, "ms": round((t1 - t0) * 1000, 2), "w": w, "op": op, "id": rid,
                    "node": node, "status": status, "outcome": outcome}
            if error:
                item["error"] = error
            elif outcome == "unknown":
                item["body"] = body if not isinstance(body, str) else body[:200]
            write(item)
            if outcome == "unknown":
                del pool[rid]  # retired: the change may still happen at any time
                pool[new_id()] = False
            elif outcome in ("ack", "unack", "exists", "notfound"):
                pool[rid] = op == "create"
            # refused: nothing changed, the state stays as it was
            if outcome != "refused" and args.read_check > 0 and rnd.random() < args.read_check \
                    and outcome in ("ack",):
                # Read-your-write on another node: acknowledged means every node's view has it.
                other = rnd.randrange(len(nodes))
                g_status, g_body, g_error = conns.request(other, "GET", f"/_inference/{rid}")
                if g_error is None and g_status in (200, 404):  # a 503 (node catching up) says nothing
                    expected = 200 if op == "create" else 404
                    write({"t": time.monotonic() - start, "w": w, "op": "get", "id": rid, "node": other,
                           "status": g_status, "expected": expected,
                           "outcome": "ok" if g_status == expected else "mismatch"})
            if error == "refused":
                time.sleep(0.01)  # a dead node refuses at once; do not spin on it
        conns.close()

    threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(args.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(max(0.0, hard_deadline - time.monotonic()))
    stop.set()
    stuck = sum(1 for t in threads if t.is_alive())
    if stuck:
        write({"event": "stuck_workers", "count": stuck, "t": time.monotonic() - start})
    log.close()
    elapsed = time.monotonic() - start
    entries, _ = read_log(args.log)
    summary = summarize(entries[len(previous):])
    summary.update({"seconds": round(elapsed, 2), "killed_at": killed_at.get("t"), "stuck_workers": stuck})
    print(json.dumps(summary))
    return 0


def summarize(entries):
    writes = [e for e in entries if e["op"] in ("create", "delete")]
    count = lambda op, outcome: sum(1 for e in writes if e["op"] == op and e["outcome"] == outcome)
    lat = sorted(e["ms"] for e in writes if e["outcome"] in ("ack", "unack"))
    pct = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] if lat else None
    gets = [e for e in entries if e["op"] == "get"]
    return {
        "ops": len(writes),
        "acked_creates": count("create", "ack"),
        "acked_deletes": count("delete", "ack"),
        "unacked_deletes": count("delete", "unack"),
        "exists": count("create", "exists"),
        "notfound": count("delete", "notfound"),
        "refused": sum(1 for e in writes if e["outcome"] == "refused"),
        "unknown": sum(1 for e in writes if e["outcome"] == "unknown"),
        "read_checks": len(gets),
        "read_mismatches": sum(1 for e in gets if e["outcome"] == "mismatch"),
        "write_ms_p50": pct(0.5), "write_ms_p99": pct(0.99), "write_ms_max": lat[-1] if lat else None,
    }


# ---------------------------------------------------------------------------------------- check

def check(args):
    nodes = Nodes(args.nodes, args.auth)
    entries, events = read_log(args.log)
    states, violations = replay(entries)
    for e in entries:
        if e["op"] == "get" and e["outcome"] == "mismatch":
            violations.append(f"{e['id']}: GET on node {e['node'] + 1} right after an acknowledged write "
                              f"answered {e['status']}, expected {e['expected']} [{e['t']:.3f}s]")
    check_nodes = [int(n) - 1 for n in args.check_nodes.split(",")] if args.check_nodes else range(len(nodes))
    present = sorted(rid for rid, s in states.items() if s == IdState.PRESENT)
    absent = sorted(rid for rid, s in states.items() if s == IdState.ABSENT)
    uncertain = sorted(rid for rid, s in states.items() if s == IdState.UNCERTAIN)
    conns = Connections(nodes, 30)
    gets = 0
    answers = {}  # id -> {node: status}, every id of the log, uncertain ones included
    listings = {}
    for node in check_nodes:
        for rid in uncertain:
            status, body, error = conns.request(node, "GET", f"/_inference/{rid}")
            gets += 1
            answers.setdefault(rid, {})[node] = status if error is None else error
        for rid in present + absent:
            status, body, error = conns.request(node, "GET", f"/_inference/{rid}")
            gets += 1
            answers.setdefault(rid, {})[node] = status if error is None else error
            expected = 200 if rid in states and states[rid] == IdState.PRESENT else 404
            if status != expected:
                if status not in (200, 404):
                    what = "cannot check"
                else:
                    what = "acknowledged create missing" if expected == 200 else "acknowledged delete came back"
                violations.append(f"{rid}: {what}: GET on node {node + 1} answered "
                                  f"{status if error is None else error}")
        status, body, error = conns.request(node, "GET", "/_inference")
        if status != 200 or not isinstance(body, dict):
            violations.append(f"GET /_inference on node {node + 1} answered {status if error is None else error}")
            continue
        listed = {e["inference_id"] for e in body.get("endpoints", [])}
        listings[node] = listed
        known = set(states)
        missing = set(present) - listed
        extra_deleted = listed & set(absent)
        foreign = listed - known
        for rid in sorted(missing):
            violations.append(f"{rid}: acknowledged create not in GET /_inference on node {node + 1}")
        for rid in sorted(extra_deleted):
            violations.append(f"{rid}: acknowledged delete listed by GET /_inference on node {node + 1}")
        if args.exact and foreign:
            violations.append(f"GET /_inference on node {node + 1} lists ids no client wrote: {sorted(foreign)[:10]}")
        print(f"node {node + 1}: lists {len(listed)} endpoints "
              f"(expected {len(present)} + up to {len(uncertain)} of uncertain outcome; "
              f"{len(listed & set(uncertain))} of those uncertain are present)")
    conns.close()
    # Convergence: once the cluster is green every node's view must give the same answer, also for
    # ids whose last request had an unknown outcome (the map has one value for them, whatever it is).
    diverging = sorted(rid for rid, by_node in answers.items() if len(set(map(str, by_node.values()))) > 1)
    for rid in diverging:
        where = ", ".join(f"node {n + 1}: {st}" for n, st in sorted(answers[rid].items()))
        violations.append(f"{rid}: the nodes' views disagree ({'uncertain' if rid in uncertain else 'certain'} id): {where}")
    if len({frozenset(v) for v in listings.values()}) > 1:
        union = set().union(*listings.values())
        for rid in sorted(union):
            holders = [n + 1 for n, v in sorted(listings.items()) if rid in v]
            if len(holders) != len(listings):
                violations.append(f"{rid}: listed by GET /_inference only on node(s) {holders}")
    summary = summarize(entries)
    summary.update({"ids": len(states), "expected_present": len(present), "expected_absent": len(absent),
                    "uncertain_ids": len(uncertain), "check_gets": gets, "diverging_ids": len(diverging),
                    "violations": len(violations),
                    "kills": [e for e in events if e.get("event") == "kill"]})
    print(json.dumps(summary))
    for v in violations[:50]:
        print("VIOLATION " + v)
    if len(violations) > 50:
        print(f"... and {len(violations) - 50} more violations")
    if args.summary:
        with open(args.summary, "w") as f:
            json.dump(summary, f)
    return 1 if violations else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("load", "check"):
        p = sub.add_parser(name)
        p.add_argument("--nodes", required=True, help="comma list of node base URLs")
        p.add_argument("--auth", required=True, help="user:password")
        p.add_argument("--log", required=True, help="JSON-lines log (load appends to it)")
    p = sub.choices["load"]
    p.add_argument("--duration", type=float, default=20, help="seconds of issuing operations")
    p.add_argument("--max-ops", type=int, default=20000, help="at most this many writes")
    p.add_argument("--concurrency", type=int, default=6, help="workers, each one request in flight")
    p.add_argument("--ids-per-worker", type=int, default=6)
    p.add_argument("--timeout", type=float, default=75, help="per request; longer is an unknown outcome")
    p.add_argument("--read-check", type=float, default=0.25,
                   help="fraction of acknowledged writes followed by a GET on a random node")
    p.add_argument("--kill-pids", default="", help="comma list of pids to kill -9 part-way through")
    p.add_argument("--kill-after", type=float, default=1e9, help="kill once this many seconds passed ...")
    p.add_argument("--kill-after-ops", type=int, default=10 ** 9, help="... or this many writes were issued")
    p.add_argument("--stop-after-kill", action="store_true", help="issue nothing new once the kill is done")
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--run", default=None, help="prefix of the ids (unique per run)")
    p = sub.choices["check"]
    p.add_argument("--check-nodes", default="", help="1-based node numbers to ask (default all)")
    p.add_argument("--exact", action="store_true", help="the list may hold nothing but the log's ids")
    p.add_argument("--summary", default="", help="write the summary JSON here")
    args = parser.parse_args()
    sys.exit(load(args) if args.command == "load" else check(args))


if __name__ == "__main__":
    main()
