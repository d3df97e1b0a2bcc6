package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.SseClient;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /_inference/_events}: live events as SSE, and resume with Last-Event-ID. */
class EventStreamTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi nodeA;
  static HttpApi nodeB;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2, conf);
    nodeA = cluster.http(0).as(TestUsers.ADMIN);
    nodeB = cluster.http(1).as(TestUsers.ADMIN);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void resumingWithLastEventIdGetsExactlyTheMissedEvents() {
    List<String> seen = new ArrayList<>();
    String lastId;
    try (SseClient stream = SseClient.open(cluster.node(1).httpPort(), "/_inference/_events?types=deleted",
        TestUsers.READER, null)) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
      assertThat(stream.header("X-Elastic-Product")).isEqualTo("Elasticsearch");
      stream.awaitComment("caught up");
      for (int i = 0; i < 5; i++) {
        nodeA.put("/_inference/sparse_embedding/sse-" + i, Endpoints.huggingFace());
        nodeA.delete("/_inference/sse-" + i);
      }
      List<SseClient.Event> live = stream.awaitEvents(5);
      live.forEach(event -> {
        assertThat(event.name()).isEqualTo("deleted");
        assertThat(event.json().getLong("sequence")).isEqualTo(Long.parseLong(event.id()));
        assertThat(Endpoints.containsSecret(event.data())).isFalse();
        seen.add(event.json().getString("inference_id"));
      });
      assertThat(seen).containsExactly("sse-0", "sse-1", "sse-2", "sse-3", "sse-4");
      lastId = live.get(4).id();
    }

    List<String> missed = new ArrayList<>();
    for (int i = 5; i < 25; i++) {
      nodeB.put("/_inference/text_embedding/sse-" + i, Endpoints.openAi());
      (i % 2 == 0 ? nodeA : nodeB).delete("/_inference/sse-" + i);
      missed.add("sse-" + i);
    }

    try (SseClient resumed = SseClient.open(cluster.node(0).httpPort(), "/_inference/_events?types=deleted",
        TestUsers.READER, lastId)) {
      assertThat(resumed.status()).isEqualTo(200);
      resumed.awaitComment("caught up");
      nodeA.put("/_inference/sparse_embedding/sse-live", Endpoints.huggingFace());
      nodeB.delete("/_inference/sse-live");
      List<SseClient.Event> events = resumed.awaitEvents(21);
      List<String> ids = events.stream().map(event -> event.json().getString("inference_id")).toList();
      List<String> expected = new ArrayList<>(missed);
      expected.add("sse-live");
      assertThat(ids).containsExactlyElementsOf(expected);
      assertThat(events.stream().map(event -> Long.parseLong(event.id())).toList()).isSorted().doesNotHaveDuplicates();
    }
  }

  @Test
  void streamsNeedAuthenticationAndAReadPrivilege() {
    try (SseClient outsider = SseClient.open(cluster.node(0).httpPort(), "/_inference/_events", TestUsers.OUTSIDER, null)) {
      assertThat(outsider.status()).isEqualTo(403);
      assertThat(new JsonObject(outsider.errorBody()).getJsonObject("error").getString("reason"))
          .startsWith("action [cluster:monitor/xpack/inference/get] is unauthorized for user [outsider]");
    }
    try (SseClient wrong = SseClient.open(cluster.node(0).httpPort(), "/_inference/_events", "nobody", null)) {
      assertThat(wrong.status()).isEqualTo(401);
    }
    assertThat(cluster.http(0).as(TestUsers.READER).get("/_inference/_events?types=exploded").status()).isEqualTo(400);
  }

  @Test
  void aLastEventIdPastRetentionIsA410() {
    try (TestCluster small = TestCluster.create(1, conf.resolve("small"), 1, TestCluster.sqliteStore(conf.resolve("small")))
        .eventRetention(5)) {
      small.startNode(0);
      HttpApi api = small.http(0).as(TestUsers.ADMIN);
      for (int i = 0; i < 8; i++) {
        api.put("/_inference/sparse_embedding/short-" + i, Endpoints.huggingFace());
      }
      try (SseClient late = SseClient.open(small.node(0).httpPort(), "/_inference/_events", TestUsers.READER, "0")) {
        assertThat(late.status()).isEqualTo(410);
        JsonObject error = new JsonObject(late.errorBody()).getJsonObject("error");
        assertThat(error.getString("type")).isEqualTo("events_past_retention_exception");
        assertThat(error.getString("reason")).isEqualTo("events from sequence [1] are past retention; the oldest event kept is [3]");
      }
    }
  }
}
