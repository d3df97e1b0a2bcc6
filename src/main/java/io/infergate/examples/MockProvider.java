package io.infergate.examples;

import io.infergate.examples.mock.MockProviderServer;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the mock provider (OpenAI, Cohere and Hugging Face wire formats) until stopped. */
@Command(name = "mock-provider", mixinStandardHelpOptions = true,
    description = "A mock of the OpenAI, Cohere and Hugging Face APIs with fixed answers and faults on request.")
public final class MockProvider implements Callable<Integer> {

  @Option(names = "--port", defaultValue = "8089", description = "port to listen on (default ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--latency-ms", defaultValue = "0", description = "delay before every answer")
  long latencyMs;

  @Option(names = "--dimensions", defaultValue = "" + MockProviderServer.DEFAULT_DIMENSIONS,
      description = "embedding size when a request names none (default ${DEFAULT-VALUE})")
  int dimensions;

  public static void main(String[] args) {
    System.exit(new CommandLine(new MockProvider()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    MockProviderServer mock = MockProviderServer.start(vertx, host, port, latencyMs, dimensions)
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    System.out.println("mock provider on http://" + host + ":" + mock.port()
        + "  (stats: GET /_mock/stats; faults: /fault/<401|429|500|slow-MS|drop|garbage|cut>[x<N>]/<path>)");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      vertx.close();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}
