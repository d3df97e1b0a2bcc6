package io.infergate.cluster;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
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

  private final HazelcastInstance hazelcast;

  public GatewayMembers(HazelcastInstance hazelcast) {
    this.hazelcast = hazelcast;
  }

  public static boolean isGateway(Member member) {
    return "true".equals(member.getAttribute(ATTRIBUTE));
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

  /** The ids of every current member, gateway or subscriber. */
  public Set<String> memberIds() {
    return hazelcast.getCluster().getMembers().stream().map(m -> m.getUuid().toString())
        .collect(Collectors.toSet());
  }

  /** True when every partition's backup is in sync; asks every member, so it blocks. */
  public boolean backupsInSync() {
    return hazelcast.getPartitionService().isClusterSafe();
  }
}
