package io.infergate.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EndpointEvent;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The typed subscriber API on node C, with changes made through nodes A and B. */
class SubscriberTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi nodeA;
  static HttpApi nodeB;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(3, conf);
    nodeA = cluster.http(0).as(TestUsers.ADMIN);
    nodeB = cluster.http(1).as(TestUsers.ADMIN);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static EndpointEventSubscriber subscriberOnC() {
    return TestCluster.await(EndpointEventSubscriber.create(cluster.node(2).vertx(), "test-subscriber",
        TestSecrets.clusterSecret()));
  }

  @Test
  void receivesEveryDeletionThroughAAndBInSequenceOrder() {
    List<EndpointEvent> received = new CopyOnWriteArrayList<>();
    Subscription subscription = subscriberOnC().deletions(received::add);
    TestCluster.await(subscription.ready());
    long from = latestSequence() + 1;
    // Subscribed from the current end of the log, the subscription misses nothing from here on.
    Subscription ordered = subscriberOnC().subscribe(EventFilter.deletions(), from, received::add, failure -> { });
    TestCluster.await(ordered.ready());
    TestCluster.await(subscription.close());
    received.clear();

    List<String> deleted = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String id = "order-" + i;
      HttpApi writer = i % 2 == 0 ? nodeA : nodeB;
      assertThat(writer.put("/_inference/sparse_embedding/" + id, Endpoints.huggingFace()).status()).isEqualTo(200);
      assertThat((i % 3 == 0 ? nodeB : nodeA).delete("/_inference/" + id).status()).isEqualTo(200);
      deleted.add(id);
    }
    Conditions.await(Duration.ofSeconds(30), "30 deletions", () -> received.size() >= 30);

    assertThat(received.stream().map(EndpointEvent::inferenceId).toList()).containsExactlyElementsOf(deleted);
    List<Long> sequences = received.stream().map(EndpointEvent::sequence).toList();
    assertThat(sequences).isSorted().doesNotHaveDuplicates();
    assertThat(received).allMatch(event -> event.type() == EndpointEvent.Type.DELETED);
    assertThat(received.stream().map(EndpointEvent::node).distinct().toList()).containsExactlyInAnyOrder("node-1", "node-2");
    TestCluster.await(ordered.close());
  }

  @Test
  void aSubscriberStoppedDuringOneHundredDeletionsGetsExactlyThoseWhenItResumes() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      ids.add("missed-" + i);
      assertThat(nodeA.put("/_inference/sparse_embedding/missed-" + i, Endpoints.huggingFace()).status()).isEqualTo(200);
    }
    List<EndpointEvent> before = new CopyOnWriteArrayList<>();
    Subscription first = subscriberOnC().subscribe(EventFilter.deletions(), latestSequence() + 1, before::add, f -> { });
    TestCluster.await(first.ready());
    assertThat(nodeB.delete("/_inference/missed-0").status()).isEqualTo(200);
    Conditions.await(Duration.ofSeconds(30), "the first deletion", () -> before.size() == 1);
    long resumeFrom = first.nextSequence();
    TestCluster.await(first.close());

    for (int i = 1; i < 100; i++) {
      assertThat((i % 2 == 0 ? nodeA : nodeB).delete("/_inference/missed-" + i).status()).isEqualTo(200);
    }
    assertThat(nodeA.put("/_inference/sparse_embedding/missed-extra", Endpoints.huggingFace()).status()).isEqualTo(200);
    assertThat(nodeA.delete("/_inference/missed-extra").status()).isEqualTo(200);

    List<EndpointEvent> resumed = new CopyOnWriteArrayList<>();
    Subscription second = subscriberOnC().subscribe(EventFilter.deletions(), resumeFrom, resumed::add, f -> { });
    TestCluster.await(second.ready());
    Conditions.await(Duration.ofSeconds(30), "100 deletions", () -> resumed.size() >= 100);

    List<String> expected = new ArrayList<>(ids.subList(1, 100));
    expected.add("missed-extra");
    assertThat(resumed.stream().map(EndpointEvent::inferenceId).toList()).containsExactlyElementsOf(expected);
    assertThat(resumed.stream().map(EndpointEvent::sequence).toList()).isSorted().doesNotHaveDuplicates();
    TestCluster.await(second.close());
  }

  @Test
  void filtersByTaskTypeAndById() {
    List<EndpointEvent> sparse = new CopyOnWriteArrayList<>();
    List<EndpointEvent> one = new CopyOnWriteArrayList<>();
    long from = latestSequence() + 1;
    EndpointEventSubscriber subscriber = subscriberOnC();
    Subscription bySparse = subscriber.subscribe(EventFilter.deletions().withTaskType("sparse_embedding"), from,
        sparse::add, f -> { });
    Subscription byId = subscriber.subscribe(EventFilter.deletions().withInferenceId("filter-b"), from, one::add, f -> { });
    TestCluster.await(bySparse.ready());
    TestCluster.await(byId.ready());

    nodeA.put("/_inference/sparse_embedding/filter-a", Endpoints.huggingFace());
    nodeA.put("/_inference/text_embedding/filter-b", Endpoints.openAi());
    nodeB.delete("/_inference/filter-b");
    nodeB.delete("/_inference/filter-a");
    Conditions.await(Duration.ofSeconds(30), "both filtered streams", () -> sparse.size() == 1 && one.size() == 1);

    assertThat(sparse.get(0).inferenceId()).isEqualTo("filter-a");
    assertThat(one.get(0).inferenceId()).isEqualTo("filter-b");
    assertThat(one.get(0).taskType()).isEqualTo("text_embedding");
    TestCluster.await(bySparse.close());
    TestCluster.await(byId.close());
  }

  @Test
  void aSequencePastRetentionIsReportedNotSkipped() throws Exception {
    try (TestCluster small = TestCluster.create(1, conf.resolve("small"), 1, TestCluster.sqliteStore(conf.resolve("small")))
        .eventRetention(10)) {
      small.startNode(0);
      HttpApi api = small.http(0).as(TestUsers.ADMIN);
      for (int i = 0; i < 15; i++) {
        api.put("/_inference/sparse_embedding/retained-" + i, Endpoints.huggingFace());
      }
      List<Throwable> errors = new CopyOnWriteArrayList<>();
      List<EndpointEvent> events = new CopyOnWriteArrayList<>();
      Subscription subscription = TestCluster.await(EndpointEventSubscriber.create(small.node(0).vertx(), "late",
              TestSecrets.clusterSecret()))
          .subscribe(EventFilter.all(), 0, events::add, errors::add);
      TestCluster.await(subscription.ready());

      assertThat(errors).hasSize(1);
      EventsPastRetentionException past = (EventsPastRetentionException) errors.get(0);
      assertThat(past.requested()).isZero();
      assertThat(past.oldestKept()).isEqualTo(5);
      assertThat(past.getMessage()).isEqualTo("events from sequence [0] are past retention; the oldest event kept is [5]");
      assertThat(events.stream().map(EndpointEvent::sequence).toList())
          .containsExactlyElementsOf(LongStream.rangeClosed(5, 14).boxed().toList());
      TestCluster.await(subscription.close());
    }
  }

  /**
   * The newest sequence in the log, read with the bus request's JSON wire form, as a process without
   * our codecs would (signed: it holds the cluster's keystore), naming an attested member as its sender.
   */
  private static long latestSequence() {
    io.vertx.core.json.JsonObject read = new io.vertx.core.json.JsonObject().put("op", "events")
        .put("from_sequence", 0).put("max", 1);
    io.vertx.core.json.JsonObject reply = TestCluster.await(cluster.node(2).vertx().eventBus()
        .<io.vertx.core.json.JsonObject>request(io.infergate.bus.Addresses.REGISTRY, read,
            TestSecrets.busSigner().sign(io.infergate.bus.Addresses.REGISTRY,
                cluster.node(2).identity().nodeId(), read))
        .map(m -> m.body()));
    return reply.getLong("newest");
  }
}
