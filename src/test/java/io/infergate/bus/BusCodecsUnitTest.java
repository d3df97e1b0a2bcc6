package io.infergate.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.impl.MessageImpl;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The codecs of the bus contract on a plain, non-clustered Vert.x: on one node a message passes by
 * reference; across members the wire form of {@link RegistryWire}, length-prefixed; local types
 * refuse to leave their node.
 */
class BusCodecsUnitTest {

  private static final Principal ALICE = new Principal("alice", List.of("inference_admin"), "default_file");
  private static final EndpointDefinition ENDPOINT = new EndpointDefinition("my-id", "sparse_embedding",
      "hugging_face", new JsonObject().put("url", "u"), new JsonObject().put("api_key", "k"), new JsonObject(), null);

  private static Vertx vertx;
  private static EventBus bus;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    bus = vertx.eventBus();
    BusCodecs.register(vertx);
  }

  @AfterAll
  static void closeVertx() throws Exception {
    await(vertx.close());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  /** Every message the contract sends across members, one of each kind. */
  private static List<Object> wireMessages() {
    return List.of(
        new ReadEvents(17, 250),
        new ReferenceRequest.Add("my-id", "search-service", "uuid", ALICE),
        new ReferenceRequest.Add("my-id", "search-service", null, ALICE),
        new ReferenceRequest.Add("my-id", "search-service", "uuid", "uuid", ALICE),
        new ReferenceRequest.Remove("my-id", "search-service", ALICE),
        new ReferenceRequest.Remove("my-id", "search-service", "uuid", ALICE),
        new ReferenceRequest.Lookup("my-id", ALICE),
        new References("my-id", List.of(new References.Reference("search-service", "uuid", 5),
            new References.Reference("batch", null, 6), new References.Reference("search-service", "uuid", 7, "uuid"))),
        new EventsPage(List.of(), 5, 4, 5),
        new NodeStatus("uuid-1", "node-1", "127.0.0.1:9200", 42, 3, true, false, null),
        NodeStatus.unreachable("uuid-2", "did not answer"),
        new ViewMessage.Apply("endpoints", "my-id", "{\"inference_id\":\"my-id\",\"revision\":7}"),
        new ViewMessage.Status(),
        new ViewMessage.Ping());
  }

  /** Messages that never leave their node. */
  private static List<Object> localMessages() {
    return List.of(
        new EndpointRequest.Put(ENDPOINT, 30_000, ALICE),
        new EndpointRequest.Update("sparse_embedding", ENDPOINT, 30_000, ALICE),
        new EndpointRequest.Get(null, "my-id", ALICE),
        new EndpointRequest.Delete(null, "my-id", false, false, 30_000, ALICE),
        new ClusterRequest.Health(ALICE),
        new ClusterRequest.Nodes(ALICE),
        ENDPOINT,
        new EndpointList(List.of(new CurrentEndpoint(ENDPOINT, 7))),
        new DeleteResult(true, List.of("h"), null),
        new ClusterHealth("infergate", "green", 3, 2),
        new ClusterNodes("infergate", 42, List.of(NodeStatus.unreachable("uuid-2", "did not answer"))));
  }

  /** The codec the bus picks for {@code body}, as a send of it shows it to an outbound interceptor. */
  @SuppressWarnings("unchecked")
  private static MessageCodec<Object, Object> codecOf(Object body) throws Exception {
    CompletableFuture<MessageCodec<?, ?>> codec = new CompletableFuture<>();
    Handler<DeliveryContext<Object>> spy = delivery -> {
      codec.complete(((MessageImpl<?, ?>) delivery.message()).codec());
      delivery.next();
    };
    bus.addOutboundInterceptor(spy);
    try {
      bus.send("infergate.test.nobody", body);
      return (MessageCodec<Object, Object>) codec.get(5, TimeUnit.SECONDS);
    } finally {
      bus.removeOutboundInterceptor(spy);
    }
  }

  private static Object overTheWire(MessageCodec<Object, Object> codec, Object body) {
    Buffer buffer = Buffer.buffer().appendString("header").appendByte((byte) 0);
    int position = buffer.length();
    codec.encodeToWire(buffer, body);
    buffer.appendString("what follows");
    return codec.decodeFromWire(position, buffer);
  }

  @Test
  void aLocalRequestAndItsReplyArriveAsTheSameInstances() throws Exception {
    List<Object> bodies = new ArrayList<>(wireMessages());
    bodies.addAll(localMessages());
    References reply = new References("my-id", List.of());
    AtomicReference<Object> received = new AtomicReference<>();
    MessageConsumer<Object> consumer = bus.consumer("infergate.test.echo", message -> {
      received.set(message.body());
      message.reply(reply);
    });
    await(consumer.completion());
    try {
      for (Object body : bodies) {
        Message<Object> answer = await(bus.request("infergate.test.echo", body));

        assertThat(received.get()).as(body.getClass().getName()).isSameAs(body);
        assertThat(answer.body()).isSameAs(reply);
      }
    } finally {
      await(consumer.unregister());
    }
  }

  @Test
  void aRegistryFailureReplyFailsTheRequestWithTheSameFailure() throws Exception {
    RegistryFailure failure = new RegistryFailure(new EsError(410, "events_past_retention_exception", "gone",
        Map.of(ReadEvents.OLDEST_SEQUENCE, 5L)));
    MessageConsumer<Object> consumer = bus.consumer("infergate.test.fail", message -> message.reply(failure));
    await(consumer.completion());
    try {
      Future<Message<Object>> request = bus.request("infergate.test.fail", new ReadEvents(2, 10));

      assertThatThrownBy(() -> await(request)).isInstanceOf(ExecutionException.class).cause().isSameAs(failure);
    } finally {
      await(consumer.unregister());
    }
  }

  @Test
  void everyWireMessageCrossesMembersInItsWireForm() throws Exception {
    for (Object body : wireMessages()) {
      MessageCodec<Object, Object> codec = codecOf(body);

      assertThat(codec.name()).isEqualTo("infergate." + body.getClass().getName());
      assertThat(codec.systemCodecID()).isEqualTo((byte) -1);
      Object arrived = overTheWire(codec, body);
      assertThat(arrived).as(body.getClass().getName()).isNotSameAs(body).isEqualTo(body);
    }
  }

  @Test
  void anEventsPageCrossesMembersWithItsEvents() throws Exception {
    JsonObject event = new JsonObject().put("sequence", 17L).put("type", "created").put("inference_id", "my-id");
    EventsPage page = new EventsPage(List.of(event), 17, 17, 18);

    EventsPage arrived = (EventsPage) overTheWire(codecOf(page), page);

    assertThat(arrived.events()).hasSize(1);
    assertThat(arrived.events().get(0).getLong("sequence")).isEqualTo(17L);
    assertThat(arrived.events().get(0).getString("type")).isEqualTo("created");
    assertThat(List.of(arrived.oldest(), arrived.newest(), arrived.next())).containsExactly(17L, 17L, 18L);
  }

  @Test
  void aRegistryFailureCrossesMembersWhole() throws Exception {
    EsError error = new EsError(410, "events_past_retention_exception", "gone", Map.of(ReadEvents.OLDEST_SEQUENCE, 5L));
    RegistryFailure failure = new RegistryFailure(error);

    Object arrived = overTheWire(codecOf(failure), failure);

    assertThat(arrived).isInstanceOf(RegistryFailure.class);
    assertThat(((RegistryFailure) arrived).error()).isEqualTo(error);
    assertThat(((RegistryFailure) arrived).failureCode()).isEqualTo(410);
  }

  @Test
  void localMessagesRefuseToLeaveTheirNode() throws Exception {
    for (Object body : localMessages()) {
      MessageCodec<Object, Object> codec = codecOf(body);

      assertThat(codec.name()).isEqualTo("infergate." + body.getClass().getName());
      assertThatThrownBy(() -> codec.encodeToWire(Buffer.buffer(), body)).as(body.getClass().getName())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("local to its node");
      assertThatThrownBy(() -> codec.decodeFromWire(0, Buffer.buffer().appendInt(2).appendString("{}")))
          .isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void registeringAgainIsHarmless() throws Exception {
    MessageCodec<Object, Object> before = codecOf(new ReadEvents(1, 1));

    BusCodecs.register(vertx);
    BusCodecs.register(vertx);

    assertThat(codecOf(new ReadEvents(1, 1))).isSameAs(before);
    aLocalRequestAndItsReplyArriveAsTheSameInstances();
  }

  @Test
  void eachVertxInstanceHasItsOwnCodecs() throws Exception {
    Vertx other = Vertx.vertx();
    try {
      BusCodecs.register(other);
      ReadEvents body = new ReadEvents(3, 4);
      MessageConsumer<Object> consumer = other.eventBus().consumer("infergate.test.other",
          message -> message.reply(message.body()));
      await(consumer.completion());

      assertThat(await(other.eventBus().request("infergate.test.other", body)).body()).isSameAs(body);
    } finally {
      await(other.close());
    }
  }
}
