package io.infergate.http;

/**
 * What the root endpoint says about this node and its cluster; {@code nodeId} is its cluster
 * member id (references held through this node end when it leaves).
 */
public record NodeIdentity(String nodeId, String nodeName, String clusterName, String clusterUuid) {
}
