package io.infergate.bus;

import java.util.List;

/** Every gateway node's status, and the cluster's revision that a current view has reached. */
public record ClusterNodes(String clusterName, long revision, List<NodeStatus> nodes) {

  public ClusterNodes {
    nodes = List.copyOf(nodes);
  }
}
