package io.infergate.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.Addresses;
import io.infergate.bus.EndpointEvent;
import io.infergate.bus.EventsPage;
import io.infergate.bus.ReadEvents;
import io.infergate.events.EndpointEventSubscriber;
import io.infergate.events.EventFilter;
import io.infergate.events.Subscription;
import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestSecrets;
import io.infergate.testing.TestUsers;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A consumer registered on the registry's clustered address gets its turn of the subscribers'
 * requests. What it answers without the cluster's key (a page with a forged deletion) never reaches
 * a subscriber: the Java API takes only answers signed for its request, and asks again.
 */
class ForgedRegistryAnswerTest {

  @TempDir
  Path conf;

  @Test
  void catchUpReadsAndReferencesTakeOnlySignedAnswers() {
    try (TestCluster cluster = TestCluster.start(2, conf)) {
      assertThat(cluster.http(0).as(TestUsers.ADMIN).put("/_inference/sparse_embedding/answered",
          Endpoints.huggingFace()).status()).isEqualTo(200);
      AtomicInteger forged = new AtomicInteger();
      JsonObject deletion = new JsonObject().put("type", "deleted").put("inference_id", "answered")
          .put("task_type", "sparse_embedding").put("service", "hugging_face").put("revision", 999)
          .put("principal", new JsonObject().put("username", "nobody").put("roles", List.of()).put("realm", "file"))
          .put("node", "impostor").put("timestamp", "2026-01-01T00:00:00Z").put("sequence", 0);
      MessageConsumer<Object> impostor = cluster.node(1).vertx().eventBus().consumer(Addresses.REGISTRY, message -> {
        forged.incrementAndGet();
        message.reply(message.body() instanceof ReadEvents ? new EventsPage(List.of(deletion), 0, 0, 1) : null);
      });
      TestCluster.await(impostor.completion());

      EndpointEventSubscriber subscriber = TestCluster.await(EndpointEventSubscriber.create(cluster.node(0).vertx(),
          "careful", TestSecrets.clusterSecret()));
      List<Subscription> subscriptions = new ArrayList<>();
      List<EndpointEvent> received = new CopyOnWriteArrayList<>();
      for (int i = 0; i < 6; i++) {
        Subscription subscription = subscriber.subscribe(EventFilter.all(), 0, received::add, failure -> { });
        TestCluster.await(subscription.ready());
        subscriptions.add(subscription);
        TestCluster.await(subscriber.holdReference("answered"));
      }
      Conditions.await(Duration.ofSeconds(10), "every catch-up read", () -> received.size() >= 6);
      assertThat(forged.get()).as("the impostor was asked").isPositive();
      assertThat(received).allSatisfy(event -> assertThat(event.type()).isEqualTo(EndpointEvent.Type.CREATED));
      assertThat(cluster.http(0).as(TestUsers.ADMIN).get("/_inference/answered/_references").body())
          .contains("careful");
      subscriptions.forEach(subscription -> TestCluster.await(subscription.close()));
      TestCluster.await(impostor.unregister());
    }
  }
}
