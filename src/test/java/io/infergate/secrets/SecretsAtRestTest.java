package io.infergate.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.ringbuffer.Ringbuffer;
import io.infergate.examples.mock.MockProviderServer;
import io.infergate.examples.mock.MockStats;
import io.infergate.testing.HttpApi;
import io.infergate.testing.MockProviderNode;
import io.infergate.testing.SseClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary api key on a real 2-node cluster with the SQLite store: the provider receives it, and no
 * map value, event, store file, audit line or log record ever holds it, through an update, a full
 * restart and a delete.
 */
class SecretsAtRestTest {

  private static final String PATH = "/v1/embeddings";
  private static final String ID = "canary-openai";

  @TempDir
  Path conf;
  private Vertx mockVertx;
  private MockProviderServer mock;
  private TestCluster cluster;
  private final List<String> logged = new ArrayList<>();
  private final Handler logCapture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (logged) {
        logged.add(record.getMessage() + " " + (record.getThrown() == null ? "" : record.getThrown()));
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeEach
  void start() {
    Logger.getLogger("").addHandler(logCapture);
    mockVertx = Vertx.vertx();
    mock = TestCluster.await(MockProviderServer.start(mockVertx, "127.0.0.1", 0, 0, 16));
    cluster = TestCluster.start(2, conf);
  }

  @AfterEach
  void stop() {
    Logger.getLogger("").removeHandler(logCapture);
    cluster.close();
    TestCluster.await(mockVertx.close());
  }

  @Test
  void aCanaryKeyReachesTheProviderAndIsNowhereElse() {
    String first = "sk-canary-" + UUID.randomUUID();
    String second = "sk-canary-" + UUID.randomUUID();
    JsonObject body = MockProviderNode.openAi("http://127.0.0.1:" + mock.port() + PATH);
    body.getJsonObject("service_settings").put("api_key", first);
    assertThat(admin(0).put("/_inference/text_embedding/" + ID, body).status()).isEqualTo(200);

    assertPerformsWith(1, first);
    assertThat(storedValues()).allSatisfy(value -> assertThat(value).contains("\"encrypted\""));
    assertNowhere(first);

    JsonObject update = new JsonObject().put("service_settings", new JsonObject().put("api_key", second));
    assertThat(admin(1).send("PUT", "/_inference/text_embedding/" + ID + "/_update", update.encode(),
        "application/json").status()).isEqualTo(200);
    assertPerformsWith(0, second);
    assertPerformsWith(1, second);
    assertNowhere(first, second);

    cluster.stopNode(1);
    cluster.stopNode(0);
    cluster.startNode(0);
    cluster.startNode(1);
    assertPerformsWith(1, second);
    assertPerformsWith(0, second);

    assertThat(admin(0).delete("/_inference/" + ID).status()).isEqualTo(200);
    assertThat(admin(1).get("/_inference/" + ID).status()).isEqualTo(404);
    assertNowhere(first, second);
  }

  private HttpApi admin(int node) {
    return cluster.http(node).as(TestUsers.ADMIN);
  }

  private void assertPerformsWith(int node, String key) {
    HttpApi.Response response = admin(node).post("/_inference/text_embedding/" + ID,
        new JsonObject().put("input", "hello"));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(mock.stats().lastBearerSha256(PATH)).as("the bearer token the provider received")
        .isEqualTo(MockStats.sha256(key));
  }

  private void assertNowhere(String... canaries) {
    List<String> places = new ArrayList<>();
    storedValues().forEach(value -> places.add("map value " + value));
    eventLogItems().forEach(item -> places.add("event log item " + item));
    places.add("events stream " + streamedEvents());
    places.add("GET " + admin(0).get("/_inference/" + ID).body());
    synchronized (logged) {
      logged.forEach(message -> places.add("log record " + message));
    }
    try (Stream<Path> files = Files.walk(conf)) {
      files.filter(Files::isRegularFile).forEach(file -> places.add(file + " " + latin1(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(places).anySatisfy(place -> assertThat(place).contains("registry.db"));
    assertThat(places).anySatisfy(place -> assertThat(place).contains("audit.json"));
    for (String canary : canaries) {
      assertThat(places).noneSatisfy(place -> assertThat(place).contains(canary));
    }
  }

  private List<String> storedValues() {
    List<String> values = new ArrayList<>();
    for (int node = 0; node < 2; node++) {
      HazelcastInstance member = cluster.hazelcast(node);
      member.<String, String>getMap("infergate.endpoints").values().forEach(values::add);
    }
    return values;
  }

  private List<String> eventLogItems() {
    Ringbuffer<Object> log = cluster.hazelcast(0).getRingbuffer("infergate.events");
    List<String> items = new ArrayList<>();
    for (long sequence = log.headSequence(); sequence <= log.tailSequence(); sequence++) {
      try {
        items.add(String.valueOf(log.readOne(sequence)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    assertThat(items).isNotEmpty();
    return items;
  }

  private String streamedEvents() {
    try (SseClient stream = SseClient.open(cluster.node(0).httpPort(), "/_inference/_events?from_sequence=0",
        TestUsers.ADMIN, null)) {
      assertThat(stream.status()).isEqualTo(200);
      stream.awaitComment("caught up");
      return stream.events().toString();
    }
  }

  private static String latin1(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
