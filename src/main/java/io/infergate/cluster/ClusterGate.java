package io.infergate.cluster;

import io.infergate.bus.EsError;

/**
 * Whether this node may serve: it must see at least the configured number of gateway members and
 * have caught up after having been cut off. Below that it refuses reads and writes with a 503
 * rather than serve a view that may be stale.
 */
public final class ClusterGate {

  private final int minClusterSize;
  private volatile boolean catchingUp = true;
  private volatile int visibleMembers;
  /** Gateway members (this one included) that answered a ping within the lease; see {@link PeerLease}. */
  private volatile int reachableMembers = Integer.MAX_VALUE;

  public ClusterGate(int minClusterSize) {
    this.minClusterSize = minClusterSize;
  }

  /** Records the member count; returns true when the node has just fallen below the minimum. */
  public boolean membersChanged(int count) {
    boolean wasOpen = !catchingUp && visibleMembers >= minClusterSize;
    visibleMembers = count;
    if (count < minClusterSize) {
      catchingUp = true;
    }
    return wasOpen && count < minClusterSize;
  }

  /** True when the node sees enough members but has not reloaded its view since it was cut off. */
  public boolean needsCatchUp() {
    return catchingUp && visibleMembers >= minClusterSize && reachableMembers >= minClusterSize;
  }

  /**
   * The view has been reloaded: the node serves again if it still sees and reaches enough members.
   * A reload made while pings were failing does not count: writes may be acknowledged without this
   * node until it answers again, so it reloads once more when it does.
   */
  public void caughtUp() {
    if (visibleMembers >= minClusterSize && reachableMembers >= minClusterSize) {
      catchingUp = false;
    }
  }

  /** Records how many gateway members answered recently; returns true when that falls below the minimum. */
  public boolean reachableChanged(int count) {
    boolean wasReachable = reachableMembers >= minClusterSize;
    reachableMembers = count;
    if (count < minClusterSize) {
      // Writes may be acknowledged without this node meanwhile (after their timeout): reload on return.
      catchingUp = true;
    }
    return wasReachable && count < minClusterSize;
  }

  public boolean isOpen() {
    return !catchingUp && visibleMembers >= minClusterSize && reachableMembers >= minClusterSize;
  }

  public int visibleMembers() {
    return visibleMembers;
  }

  public int minClusterSize() {
    return minClusterSize;
  }

  public EsError blocked() {
    int seen = Math.min(visibleMembers, reachableMembers);
    String reason = seen < minClusterSize
        ? "this node sees " + seen + " of the " + minClusterSize
            + " gateway nodes it needs (registry.min_cluster_size); it refuses reads and writes until it rejoins the cluster"
        : "this node is catching up with the cluster after rejoining it; retry shortly";
    return new EsError(503, "cluster_block_exception", reason);
  }
}
