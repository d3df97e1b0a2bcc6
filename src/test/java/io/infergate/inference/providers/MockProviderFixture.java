package io.infergate.inference.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EsException;
import io.infergate.examples.mock.MockProviderServer;
import io.infergate.examples.mock.MockStats;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A Vert.x, the mock provider on a free port, and the provider services calling it over real HTTP.
 * Retries wait milliseconds, not Elasticsearch's seconds (see {@link #FAST_RETRIES}), so that a
 * failure that is retried three times costs a test little.
 */
final class MockProviderFixture implements AutoCloseable {

  static final String API_KEY = "sk-test7Qx2mZp9LkV4rT8wYb3nHc6dJf1gE5aS";
  static final int DIMENSIONS = 16;
  static final RetryPolicy FAST_RETRIES = new RetryPolicy(10, 40, 3);

  final Vertx vertx = Vertx.vertx();
  final MockProviderServer mock;
  final ProviderServices services;

  MockProviderFixture() throws Exception {
    mock = await(MockProviderServer.start(vertx, "127.0.0.1", 0, 0, DIMENSIONS));
    services = services(FAST_RETRIES);
  }

  /** Provider services of this Vert.x retrying as {@code retry} says; close them after use. */
  ProviderServices services(RetryPolicy retry) {
    return ProviderServices.create(vertx, ProviderSettings.defaults().withRetry(retry));
  }

  MockStats stats() {
    return mock.stats();
  }

  String url(String path) {
    return "http://127.0.0.1:" + mock.port() + path;
  }

  static EndpointDefinition endpoint(String service, TaskType taskType, JsonObject serviceSettings) {
    return endpoint(service, taskType, serviceSettings, new JsonObject());
  }

  static EndpointDefinition endpoint(String service, TaskType taskType, JsonObject serviceSettings,
      JsonObject taskSettings) {
    return new EndpointDefinition("my-" + service, taskType.wireName(), service, serviceSettings,
        new JsonObject().put("api_key", API_KEY), taskSettings, null);
  }

  static PerformRequest inputs(TaskType taskType, List<String> input) {
    return new PerformRequest("my-endpoint", taskType, input, null, null, null, null, null, null, 30_000);
  }

  static Call call() {
    return Call.withTimeout(30_000);
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** The Elasticsearch error a call failed with. */
  static EsException failure(Future<?> future) throws Exception {
    try {
      await(future);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(EsException.class);
      return (EsException) e.getCause();
    }
    throw new AssertionError("expected the call to fail");
  }

  @Override
  public void close() throws Exception {
    await(vertx.close());
  }
}
