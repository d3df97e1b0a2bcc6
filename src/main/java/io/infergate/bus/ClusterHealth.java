package io.infergate.bus;

/**
 * Elasticsearch's health colour as this node sees the cluster: {@code red} while it refuses to
 * serve, {@code yellow} while some partition's backup is not in sync, {@code green} otherwise.
 */
public record ClusterHealth(String clusterName, String status, int numberOfNodes, int minClusterSize) {
}
