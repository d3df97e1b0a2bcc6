package io.infergate.http;

import io.infergate.events.SubscriberLag;
import io.infergate.metrics.NodeMetrics;
import io.infergate.metrics.NodeStatsGathering;

/**
 * What the router needs for metrics: the node's meters ({@code /_prometheus/metrics}, and the
 * authentication failures it counts), who may scrape without credentials, where the event streams'
 * positions are kept, and {@code _nodes/stats}'s gathering.
 */
public record HttpMetrics(NodeMetrics metrics, ScrapeAddresses scrapeAddresses, SubscriberLag subscriberLag,
    NodeStatsGathering nodeStats) {
}
