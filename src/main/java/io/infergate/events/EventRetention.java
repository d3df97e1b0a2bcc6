package io.infergate.events;

import java.time.Duration;

/** How many endpoint events the cluster keeps for subscribers to catch up with, and for how long. */
public record EventRetention(int count, Duration age) {
}
