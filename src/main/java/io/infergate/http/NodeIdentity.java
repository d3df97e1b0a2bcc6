package io.infergate.http;

/** What the root endpoint says about this node and its cluster. */
public record NodeIdentity(String nodeName, String clusterName, String clusterUuid) {
}
