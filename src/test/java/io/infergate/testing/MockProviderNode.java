package io.infergate.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.examples.mock.MockProviderServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;

/** Gateway nodes and the mock provider on free ports: perform tests against a real provider over HTTP. */
public final class MockProviderNode implements AutoCloseable {

  private final Vertx mockVertx;
  private final MockProviderServer mock;
  private final TestCluster cluster;

  private MockProviderNode(Vertx mockVertx, MockProviderServer mock, TestCluster cluster) {
    this.mockVertx = mockVertx;
    this.mock = mock;
    this.cluster = cluster;
  }

  /** @param inferenceSettings the node's {@code inference} settings (empty for the defaults) */
  public static MockProviderNode start(Path conf, JsonObject inferenceSettings) {
    return start(conf, inferenceSettings, 1);
  }

  /** {@code nodes} gateways in one cluster (a SQLite store, any one node enough to serve) and the mock. */
  public static MockProviderNode start(Path conf, JsonObject inferenceSettings, int nodes) {
    Vertx mockVertx = Vertx.vertx();
    MockProviderServer mock = TestCluster.await(MockProviderServer.start(mockVertx, "127.0.0.1", 0, 0, 16));
    TestCluster cluster = TestCluster.create(nodes, conf, 1, TestCluster.sqliteStore(conf))
        .inferenceSettings(inferenceSettings);
    for (int i = 0; i < nodes; i++) {
      cluster.startNode(i);
    }
    return new MockProviderNode(mockVertx, mock, cluster);
  }

  public TestCluster cluster() {
    return cluster;
  }

  /** Another mock provider on any free port, on this mock's Vert.x; close it after use. */
  public MockProviderServer startMock() {
    return startMock(0);
  }

  public HttpApi api() {
    return cluster.http(0);
  }

  public MockProviderServer mock() {
    return mock;
  }

  /** Another mock provider on {@code port}, on this mock's Vert.x; close it after use. */
  public MockProviderServer startMock(int port) {
    return TestCluster.await(MockProviderServer.start(mockVertx, "127.0.0.1", port, 0, 16));
  }

  /** The mock's URL of {@code path}, e.g. {@code /fault/500/v1/embeddings}. */
  public String url(String path) {
    return "http://127.0.0.1:" + mock.port() + path;
  }

  /** An OpenAI endpoint's PUT body calling {@code url}. */
  public static JsonObject openAi(String url) {
    JsonObject body = Endpoints.openAi();
    body.getJsonObject("service_settings").put("url", url);
    return body;
  }

  /** Creates the endpoint, or fails the test. */
  public void put(String taskType, String id, JsonObject body) {
    assertThat(api().put("/_inference/" + taskType + "/" + id, body).status()).as(id).isEqualTo(200);
  }

  @Override
  public void close() {
    cluster.close();
    TestCluster.await(mock.close());
    TestCluster.await(mockVertx.close());
  }
}
