package io.infergate.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.ringbuffer.Ringbuffer;
import io.infergate.testing.HttpApi;
import io.infergate.testing.SseClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  private static final String ID = "canary-openai";

  @TempDir
  Path conf;
  private CanaryProvider provider;
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
    provider = new CanaryProvider();
    cluster = TestCluster.start(2, conf);
  }

  @AfterEach
  void stop() {
    Logger.getLogger("").removeHandler(logCapture);
    cluster.close();
    provider.close();
  }

  @Test
  void aCanaryKeyReachesTheProviderAndIsNowhereElse() {
    String first = CanaryProvider.canary();
    String second = CanaryProvider.canary();
    provider.create(admin(0), ID, first);

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
    return CanaryProvider.admin(cluster, node);
  }

  private void assertPerformsWith(int node, String key) {
    provider.assertPerformsWith(admin(node), ID, key);
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
    return CanaryProvider.storedValues(cluster, 2);
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
