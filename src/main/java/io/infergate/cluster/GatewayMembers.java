package io.infergate.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The cluster's members that run a gateway, as opposed to subscriber processes that joined to
 * receive events (lite members, without the gateway attribute). Writes wait for gateways only, and
 * whatever one node does for all (recovery, cleaning up references, preconfigured endpoints) is
 * done by the oldest gateway.
 */
public final class GatewayMembers {

  /** Set on gateway members by {@link HazelcastConfigFactory#create}. */
  public static final String ATTRIBUTE = "infergate.gateway";
  /** Where vertx-hazelcast keeps a member's Vert.x node id. */
  static final String VERTX_NODE_ID = "__vertx.nodeId";

  private final HazelcastInstance hazelcast;

  public GatewayMembers(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  public static boolean isGateway(Member member) {
    return "true".equals(member.getAttribute(ATTRIBUTE));
  }

  /** Whether this member's Hazelcast still runs: false once it stopped or crashed. */
  public boolean running() {
    return hazelcast.getLifecycleService().isRunning();
  }

  public UUID self() {
    return hazelcast.getCluster().getLocalMember().getUuid();
  }

  /** The gateway members, oldest first. */
  public List<UUID> gateways() {
    return hazelcast.getCluster().getMembers().stream()
        .filter(GatewayMembers::isGateway)
        .map(Member::getUuid)
        .toList();
  }

  /** True when this node is the oldest gateway: the one that acts for all. */
  public boolean isOldestGateway() {
    List<UUID> gateways = gateways();
    return !gateways.isEmpty() && gateways.get(0).equals(self());
  }

  public boolean isMember(UUID member) {
    return hazelcast.getCluster().getMembers().stream().anyMatch(m -> m.getUuid().equals(member));
  }

  /**
   * The ids of every current member, gateway or subscriber: its Hazelcast uuid and its Vert.x node id
   * (vertx-hazelcast gives a process another uuid, in a member attribute), since a reference names
   * its holder's member by whichever id the holder knows itself by.
   */
  public Set<String> memberIds() {
    Set<String> ids = new HashSet<>();
    for (Member member : hazelcast.getCluster().getMembers()) {
      ids.add(member.getUuid().toString());
      String vertxNodeId = member.getAttribute(VERTX_NODE_ID);
      if (vertxNodeId != null) {
        ids.add(vertxNodeId);
      }
    }
    return ids;
  }

  /** True when every partition's backup is in sync; asks every member, so it blocks. */
  public boolean backupsInSync() {
    return hazelcast.getPartitionService().isClusterSafe();
  }
}
