package io.infergate.registry;

import io.infergate.bus.EndpointDefinition;
import java.time.Duration;
import java.util.List;

/**
 * The registry's settings: names for events and health, the minimum number of gateway members a
 * node must see to serve (below it, it refuses reads and writes), how long deletions are
 * remembered as tombstones, and the preconfigured endpoints (reserved ids, created when absent).
 */
public record RegistrySettings(String nodeName, String clusterName, int minClusterSize, Duration tombstoneRetention,
    List<EndpointDefinition> preconfigured) {
}
