package io.infergate.inference.traffic;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Each endpoint's perform figures on this node as Prometheus meters, labelled by inference id and
 * service (never a setting: a secret could be one): requests, provider requests and their failures,
 * retries, rate-limit rejections (the queue was full), requests that timed out in the queue, and the
 * queue's depth.
 * They read the endpoint's {@link EndpointUsage} counters when scraped, so a request costs nothing
 * more; they are made with the figures and removed with them when the endpoint is deleted.
 */
final class PerformMeters {

  private final MeterRegistry registry;
  private final Map<String, List<Meter>> meters = new ConcurrentHashMap<>();

  PerformMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  void bind(String inferenceId, String service, EndpointUsage usage, Supplier<EndpointGate> gate) {
    if (registry == null) {
      return;
    }
    Tags tags = Tags.of("inference_id", inferenceId, "service", service);
    meters.computeIfAbsent(inferenceId, id -> List.of(
        counter("infergate.inference.requests", "Perform requests received", tags, usage, EndpointUsage::requests),
        counter("infergate.inference.provider.requests", "Requests sent to the provider (each attempt, each batch)",
            tags, usage, EndpointUsage::providerRequests),
        counter("infergate.inference.provider.errors", "Provider requests that failed (each attempt: a retried one too)",
            tags, usage, EndpointUsage::providerErrors),
        counter("infergate.inference.retries", "Provider requests sent again", tags, usage, EndpointUsage::retries),
        counter("infergate.inference.rate.limit.rejections", "Requests refused (429) because the endpoint's queue was full",
            tags, usage, EndpointUsage::rejections),
        counter("infergate.inference.queue.timeouts", "Requests whose deadline passed while they waited for a token",
            tags, usage, EndpointUsage::queueTimeouts),
        Gauge.builder("infergate.inference.queue.depth", gate, waiting -> {
          EndpointGate current = waiting.get();
          return current == null ? 0 : current.queued();
        }).tags(tags).strongReference(true) // nothing else holds the supplier: Micrometer's hold is weak
            .description("Provider requests waiting for a rate-limit token").register(registry)));
  }

  void unbind(String inferenceId) {
    List<Meter> removed = meters.remove(inferenceId);
    if (removed != null) {
      removed.forEach(registry::remove);
    }
  }

  private Meter counter(String name, String description, Tags tags, EndpointUsage usage,
      java.util.function.ToDoubleFunction<EndpointUsage> count) {
    return FunctionCounter.builder(name, usage, count).tags(tags).description(description).register(registry);
  }
}
