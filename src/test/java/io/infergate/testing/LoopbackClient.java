package io.infergate.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * HTTP requests to a node on 127.0.0.1 from a chosen loopback address (all of 127.0.0.0/8 is the
 * loopback on Linux), so that one test can be several clients as the node counts them. Keeps its
 * connections open and runs on a Vert.x instance of its own, shared with nothing else in the test.
 */
public final class LoopbackClient implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final HttpClient client;
  private final int port;

  public LoopbackClient(String localAddress, int port, int connections) {
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setLocalAddress(localAddress),
        new PoolOptions().setHttp1MaxSize(connections));
    this.port = port;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** A GET with Basic credentials. */
  public Future<HttpApi.Response> get(String path, String user, String password) {
    String token = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI(path).putHeader("Authorization", "Basic " + token);
    return client.request(request).compose(sending -> sending.send().compose(response -> response.body()
        .map(body -> {
          Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
          response.headers().forEach(header ->
              headers.computeIfAbsent(header.getKey(), name -> new ArrayList<>()).add(header.getValue()));
          return new HttpApi.Response(response.statusCode(), body.toString(StandardCharsets.UTF_8),
              HttpHeaders.of(headers, (name, value) -> true));
        })));
  }

  /** {@link #get} from the calling (test) thread. */
  public HttpApi.Response getAndWait(String path, String user, String password) {
    return TestCluster.await(get(path, user, password));
  }

  @Override
  public void close() {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the client's Vert.x did not close", e);
    }
  }
}
