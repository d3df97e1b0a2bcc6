package io.infergate.examples;

import io.infergate.bus.CurrentEndpoint;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointLookup;
import io.infergate.inference.ServiceCatalog;
import io.infergate.inference.perform.Call;
import io.infergate.inference.traffic.DemandSeal;
import io.infergate.inference.traffic.EndpointUsage;
import io.infergate.inference.traffic.TrafficControl;
import io.infergate.inference.traffic.TrafficSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * What traffic control adds to each perform request when it does not hold a request back: the
 * usage figures (received, answered, latency histogram), the call with its admission, and the
 * admission itself, for an endpoint whose limit is never reached (its gate and token bucket) and
 * for one without a limit (the built-in model's default). Each request is timed alone, in one
 * thread, after a warm-up; prints one JSON line with the percentiles in nanoseconds.
 */
@Command(name = "admission-cost", mixinStandardHelpOptions = true,
    description = "Measures the per-request cost of rate limiting and usage figures when nothing waits.")
public final class AdmissionCost implements Callable<Integer> {

  @Option(names = "--requests", description = "requests timed per endpoint, after as many to warm up",
      defaultValue = "2000000")
  int requests;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AdmissionCost()).execute(args));
  }

  @Override
  public Integer call() {
    Vertx vertx = Vertx.vertx();
    try {
      EndpointDefinition limited = new EndpointDefinition("limited", "text_embedding", "openai",
          new JsonObject().put("model_id", "m").put("rate_limit",
              new JsonObject().put("requests_per_minute", Integer.MAX_VALUE)), new JsonObject(), new JsonObject(), null);
      EndpointDefinition unlimited = new EndpointDefinition("unlimited", "text_embedding",
          ServiceCatalog.BUILT_IN_SERVICE, new JsonObject().put("model_id", ServiceCatalog.BUILT_IN_MODEL_ID),
          new JsonObject(), new JsonObject(), null);
      Map<String, CurrentEndpoint> endpoints = Map.of("limited", new CurrentEndpoint(limited, 1),
          "unlimited", new CurrentEndpoint(unlimited, 1));
      EndpointLookup lookup = new EndpointLookup() {
        @Override
        public Optional<CurrentEndpoint> find(String inferenceId) {
          return Optional.ofNullable(endpoints.get(inferenceId));
        }

        @Override
        public void onChange(Consumer<String> listener) {
        }
      };
      TrafficControl traffic = new TrafficControl(vertx, lookup, "node", () -> List.of("node"),
          TrafficSettings.fromJson(new JsonObject()), new DemandSeal(randomSecret(), List.of()));
      traffic.start();
      JsonObject result = new JsonObject().put("requests", requests);
      for (String id : List.of("limited", "unlimited")) {
        time(traffic, endpoints.get(id), requests);
        result.put(id, summary(time(traffic, endpoints.get(id), requests)));
      }
      System.out.println(result.encode());
      return 0;
    } finally {
      vertx.close();
    }
  }

  private static Histogram time(TrafficControl traffic, CurrentEndpoint endpoint, int requests) {
    Histogram nanos = new Histogram(1, 1_000_000_000L, 3);
    String id = endpoint.definition().inferenceId();
    for (int i = 0; i < requests; i++) {
      long started = System.nanoTime();
      EndpointUsage usage = traffic.usage(id);
      usage.received();
      Call call = Call.of(30_000, traffic.admission(endpoint), usage);
      Future<Void> admitted = call.admit();
      usage.answered(200, 1_000_000);
      long took = System.nanoTime() - started;
      if (!admitted.succeeded()) {
        throw new IllegalStateException("a request waited: the limit is meant never to be reached");
      }
      nanos.recordValue(Math.max(1, Math.min(took, 1_000_000_000L)));
    }
    return nanos;
  }

  private static JsonObject summary(Histogram nanos) {
    return new JsonObject().put("p50_ns", nanos.getValueAtPercentile(50)).put("p99_ns", nanos.getValueAtPercentile(99))
        .put("p999_ns", nanos.getValueAtPercentile(99.9)).put("mean_ns", Math.round(nanos.getMean()));
  }

  /** A one-node run exchanges no reports: any secret will do. */
  private static byte[] randomSecret() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return secret;
  }
}
