package io.infergate.registry;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.AsyncResult;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The registry's meters on one node, each made once:
 * <ul>
 *   <li>{@code infergate_registry_writes_total{kind,op,result}}: writes this node made, by outcome
 *       ({@code acknowledged}, {@code unacknowledged}: the change stands but some gateway's view did not
 *       apply it in time, {@code refused}: not applied, such as a 404 or 409, {@code failed});</li>
 *   <li>{@code infergate_registry_write_seconds{kind,op}}: from the command to its acknowledgment,
 *       for applied writes (a histogram);</li>
 *   <li>{@code infergate_registry_view_revision}: the newest revision in this node's views;</li>
 *   <li>{@code infergate_registry_cluster_revision}: the newest revision stored in the cluster's maps,
 *       read every {@link #CLUSTER_REVISION_INTERVAL_MS} ms ({@link #refresh});</li>
 *   <li>{@code infergate_registry_replication_lag_revisions}: how far this node's views are behind it;</li>
 *   <li>{@code infergate_events_log_head_sequence{kind}}: the sequence of each kind's newest event,
 *       read with the cluster's revision.</li>
 * </ul>
 * Every gauge reads memory only: what asks the cluster is {@link #refresh}, on the registry's pool,
 * so a scrape never waits on the cluster.
 */
public final class RegistryMeters {

  /** How often the cluster's newest revision is read (an aggregation over the maps, on the registry's pool). */
  public static final long CLUSTER_REVISION_INTERVAL_MS = 5_000;

  public enum Op {
    CREATE("create"), REPLACE("update"), DELETE("delete");

    private final String label;

    Op(String label) {
      this.label = label;
    }
  }

  private final MeterRegistry registry;
  private final AtomicLong clusterRevision = new AtomicLong();
  private final Map<String, LogHead> logHeads = new ConcurrentHashMap<>();
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private LongSupplier viewRevision = () -> 0;

  public RegistryMeters(MeterRegistry registry) {
    this.registry = registry;
    Gauge.builder("infergate.registry.view.revision", this, meters -> meters.viewRevision.getAsLong())
        .description("The newest revision this node's read views hold").register(registry);
    Gauge.builder("infergate.registry.cluster.revision", clusterRevision, AtomicLong::get)
        .description("The newest revision stored in the cluster's maps").register(registry);
    Gauge.builder("infergate.registry.replication.lag.revisions", this, RegistryMeters::replicationLag)
        .description("Revisions stored in the cluster that this node's views do not hold yet").register(registry);
  }

  /** Where this node's views' newest revision is read. */
  void views(LongSupplier newestRevision) {
    this.viewRevision = newestRevision;
  }

  /**
   * Reads the cluster's newest stored revision and the event logs' heads; blocks on the cluster, so
   * the caller runs it on a worker. A refresh still running when the next is due (a slow or cut-off
   * cluster) makes the next one a no-op instead of taking another worker.
   */
  void refresh(LongSupplier highestStoredRevision) {
    if (!refreshing.compareAndSet(false, true)) {
      return;
    }
    try {
      clusterRevision.set(highestStoredRevision.getAsLong());
      logHeads.values().forEach(head -> head.value.set(head.read.getAsLong()));
    } finally {
      refreshing.set(false);
    }
  }

  long replicationLag() {
    return Math.max(0, clusterRevision.get() - viewRevision.getAsLong());
  }

  long viewRevision() {
    return viewRevision.getAsLong();
  }

  long clusterRevision() {
    return clusterRevision.get();
  }

  /** A kind's event log head, read by {@link #refresh} with {@code headSequence} (which blocks on the cluster). */
  void eventLog(String kind, LongSupplier headSequence) {
    LogHead head = new LogHead(headSequence, new AtomicLong(-1));
    logHeads.put(kind, head);
    Gauge.builder("infergate.events.log.head.sequence", head.value, AtomicLong::get).tag("kind", kind)
        .description("The sequence of the newest event in the kind's log (-1: none)").register(registry);
  }

  private record LogHead(LongSupplier read, AtomicLong value) {
  }

  /** The write meters of one document kind. */
  Writes writes(String kind) {
    return new Writes(kind);
  }

  /** One kind's write counters and acknowledgment timers, by operation. */
  final class Writes {

    private final Counter[][] outcomes = new Counter[Op.values().length][];
    private final Timer[] acknowledgment = new Timer[Op.values().length];

    private Writes(String kind) {
      for (Op op : Op.values()) {
        String[] results = {"acknowledged", "unacknowledged", "refused", "failed"};
        outcomes[op.ordinal()] = new Counter[results.length];
        for (int i = 0; i < results.length; i++) {
          outcomes[op.ordinal()][i] = Counter.builder("infergate.registry.writes").tag("kind", kind)
              .tag("op", op.label).tag("result", results[i]).description("Registry writes made by this node")
              .register(registry);
        }
        acknowledgment[op.ordinal()] = Timer.builder("infergate.registry.write").tag("kind", kind).tag("op", op.label)
            .description("From a registry write's command to its acknowledgment by every gateway's view")
            .register(registry);
      }
    }

    /** Counts the write's outcome and, when applied, how long it took since {@code startedNanos}. */
    void record(Op op, long startedNanos, AsyncResult<Write> result) {
      Counter[] counters = outcomes[op.ordinal()];
      if (result.failed()) {
        counters[3].increment();
        return;
      }
      Write write = result.result();
      if (!write.applied()) {
        counters[2].increment();
        return;
      }
      counters[write.acknowledged() ? 0 : 1].increment();
      acknowledgment[op.ordinal()].record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
    }
  }
}
