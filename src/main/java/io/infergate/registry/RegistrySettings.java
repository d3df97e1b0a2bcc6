package io.infergate.registry;

import java.time.Duration;

/**
 * The registry's settings: names for events and health, the minimum number of gateway members a
 * node must see to serve (below it, it refuses reads and writes), how long deletions are
 * remembered as tombstones, and the size of its pool for blocking cluster and store work.
 */
public record RegistrySettings(String nodeName, String clusterName, int minClusterSize, Duration tombstoneRetention,
    int workerPoolSize) {
}
