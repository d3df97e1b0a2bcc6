package io.infergate.bus;

/**
 * Elasticsearch's health colour as this node sees the cluster: {@code red} while it refuses to
 * serve, {@code yellow} while some partition's backup is not in sync, {@code green} otherwise. {@code reason}, when
 * not null, says why it is red (a member that has not proven it holds the cluster secret).
 */
public record ClusterHealth(String clusterName, String status, int numberOfNodes, int minClusterSize, String reason) {

  /** Health with no reason to give. */
  public ClusterHealth(String clusterName, String status, int numberOfNodes, int minClusterSize) {
    this(clusterName, status, numberOfNodes, minClusterSize, null);
  }
}
