package io.infergate.cluster;

import io.infergate.bus.ClusterHealth;
import io.infergate.bus.ClusterNodes;
import io.infergate.bus.NodeStatus;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/** Health and membership as this node sees them: for {@code _cluster/health}, {@code _nodes}, {@code _cat/nodes}. */
public final class ClusterStatus {

  private static final long STATUS_TIMEOUT_MS = 2_000;

  private final String clusterName;
  private final ClusterGate gate;
  private final GatewayMembers members;
  private final WorkerExecutor blocking;
  private final Supplier<NodeStatus> localStatus;
  private final BiFunction<UUID, Long, Future<NodeStatus>> askStatus;
  private final Supplier<Future<Long>> clusterRevision;
  private final MemberAttestation attestation;

  /**
   * @param blocking        where the blocking question about backups is asked
   * @param askStatus       asks another gateway for its status within the given milliseconds
   * @param clusterRevision the highest revision in the registry's maps: a view that has it is current
   */
  public ClusterStatus(String clusterName, ClusterGate gate, GatewayMembers members, WorkerExecutor blocking,
      Supplier<NodeStatus> localStatus, BiFunction<UUID, Long, Future<NodeStatus>> askStatus,
      Supplier<Future<Long>> clusterRevision, MemberAttestation attestation) {
    this.clusterName = clusterName;
    this.gate = gate;
    this.members = members;
    this.blocking = blocking;
    this.localStatus = localStatus;
    this.askStatus = askStatus;
    this.clusterRevision = clusterRevision;
    this.attestation = attestation;
  }

  /**
   * Elasticsearch's colours: red while this node refuses to serve (cut off, or below the minimum
   * size); yellow while some partition's backup is not yet in sync (just after a member joined or
   * left), when losing one more member could lose data held only in memory, such as recent
   * events; green otherwise. Also red, with the reason, while a member has not proven it holds the
   * cluster secret ({@link MemberAttestation}).
   */
  public Future<ClusterHealth> health() {
    if (!gate.isOpen()) {
      return Future.succeededFuture(health("red"));
    }
    Optional<String> unattested = attestation.unattested().reason();
    if (unattested.isPresent()) {
      return Future.succeededFuture(new ClusterHealth(clusterName, "red", gate.visibleMembers(), gate.minClusterSize(),
          unattested.get()));
    }
    return blocking.executeBlocking(() -> health(members.backupsInSync() ? "green" : "yellow"), false);
  }

  private ClusterHealth health(String colour) {
    return new ClusterHealth(clusterName, colour, gate.visibleMembers(), gate.minClusterSize());
  }

  /**
   * Every attested gateway member's status, each marked current when its view has the cluster's
   * revision (one that has not proven it holds the cluster secret is not asked).
   */
  public Future<ClusterNodes> nodes() {
    UUID self = members.self();
    List<Future<NodeStatus>> answers = attestation.attestedGateways().stream()
        .map(member -> member.equals(self) ? Future.succeededFuture(localStatus.get())
            : askStatus.apply(member, STATUS_TIMEOUT_MS)
                .otherwise(failure -> NodeStatus.unreachable(member.toString(), String.valueOf(failure.getMessage()))))
        .toList();
    return Future.join(answers).compose(joined -> clusterRevision.get()).map(revision ->
        new ClusterNodes(clusterName, revision, answers.stream().map(Future::result)
            .map(node -> node.withViewCurrent(node.serving() && node.viewRevision() >= revision))
            .toList()));
  }
}
