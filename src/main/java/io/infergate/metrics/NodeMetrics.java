package io.infergate.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One node's meters: a Prometheus registry of its own (several nodes share a test JVM, so never
 * Micrometer's global one), the options that make Vert.x record its HTTP server, event bus and
 * pools on it, and the JVM and process binders.
 *
 * <p>HTTP meters are labelled by route template, method and status only: never the raw path (ids
 * would multiply the series) nor the client's address. Every timer is published as a histogram
 * (14 buckets from 1 ms to 60 s), so a scraper can compute quantiles across nodes.
 */
public final class NodeMetrics {

  /**
   * The histograms' buckets, in nanoseconds: 1 ms to 60 s in 14 steps. Fixed and few, rather than
   * Micrometer's 70-odd percentile buckets, because every route, method and status has its own series.
   */
  private static final double[] BUCKETS = Stream.of(1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000,
      30_000, 60_000).mapToDouble(ms -> (double) Duration.ofMillis(ms).toNanos()).toArray();

  private final PrometheusMeterRegistry registry;
  /** Vert.x keeps its backends by name in a JVM-wide map: one name per node. */
  private final String registryName = "infergate-" + UUID.randomUUID();

  private NodeMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
  }

  public static NodeMetrics create() {
    VertxGaugeWarnings.install();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER) {
          return config;
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(BUCKETS).build().merge(config);
      }
    });
    new FileDescriptorMetrics().bindTo(registry);
    return new NodeMetrics(registry);
  }

  /** The registry every meter of this node is on. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Vert.x's metrics options for this node: set them on its {@code VertxOptions}. */
  public MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(registryName)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.EB_SIDE, Label.POOL_TYPE,
            Label.POOL_NAME))
        .setJvmMetricsEnabled(true)
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
  }

  /** The factory that makes Vert.x record on this node's registry. */
  public VertxMetricsFactory vertxFactory() {
    return new MicrometerMetricsFactory(registry);
  }

  /** Every meter in Prometheus's text format (version 0.0.4). CPU work only, but not for an event loop on a large registry. */
  public String scrape() {
    return registry.scrape();
  }

  /** The content type of {@link #scrape()}. */
  public static String contentType() {
    return "text/plain; version=0.0.4; charset=utf-8";
  }
}
