package io.infergate.bus;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * The codecs of the bus contract, registered as default codecs on every Vert.x instance of a
 * gateway or subscriber. On one node a message passes by reference (its records are immutable):
 * no JSON on the way from the router to the registry. Types that cross members are written in
 * their {@link RegistryWire} form; the others are local to a node and refuse to leave it.
 */
public final class BusCodecs {

  private BusCodecs() {
  }

  /** Registers every codec of the contract, once per event bus (later calls do nothing). */
  public static void register(Vertx vertx) {
    EventBus bus = vertx.eventBus();
    synchronized (bus) {
      try {
        wire(bus, RegistryFailure.class, failure -> failure.error().toJson(),
            json -> new RegistryFailure(EsError.fromJson(json)));
      } catch (IllegalStateException registeredBefore) {
        return;
      }
      registerTheRest(bus);
    }
  }

  private static void registerTheRest(EventBus bus) {
    wire(bus, ReadEvents.class, RegistryWire::toJson, json -> (ReadEvents) RegistryWire.request(json));
    for (Class<? extends ReferenceRequest> type
        : List.of(ReferenceRequest.Add.class, ReferenceRequest.Remove.class, ReferenceRequest.Lookup.class)) {
      wireSubtype(bus, type, RegistryWire::toJson, json -> (ReferenceRequest) RegistryWire.request(json));
    }
    wire(bus, EventsPage.class, RegistryWire::toJson, RegistryWire::eventsPage);
    wire(bus, References.class, RegistryWire::toJson, RegistryWire::references);
    wire(bus, NodeStatus.class, RegistryWire::toJson, RegistryWire::nodeStatus);
    for (Class<? extends ViewMessage> type
        : List.of(ViewMessage.Apply.class, ViewMessage.Status.class, ViewMessage.Ping.class)) {
      wireSubtype(bus, type, RegistryWire::toJson, RegistryWire::viewMessage);
    }
    for (Class<?> type : List.of(EndpointRequest.Put.class, EndpointRequest.Update.class,
        EndpointRequest.Get.class, EndpointRequest.Delete.class, ClusterRequest.Health.class,
        ClusterRequest.Nodes.class, EndpointDefinition.class, EndpointList.class, DeleteResult.class,
        ClusterHealth.class, ClusterNodes.class)) {
      local(bus, type);
    }
    // Users, roles and API keys are written through the node's own registry only.
    for (Class<?> type : List.of(SecurityRequest.PutUser.class, SecurityRequest.DeleteUser.class,
        SecurityRequest.ChangePassword.class, SecurityRequest.SetEnabled.class, SecurityRequest.PutRole.class,
        SecurityRequest.DeleteRole.class, SecurityRequest.CreateApiKey.class, SecurityRequest.InvalidateApiKeys.class,
        SecurityReply.Created.class, SecurityReply.Found.class, SecurityReply.Done.class,
        SecurityReply.Invalidated.class)) {
      local(bus, type);
    }
  }

  private static <T> void wire(EventBus bus, Class<T> type, Function<T, JsonObject> encode,
      Function<JsonObject, T> decode) {
    bus.registerDefaultCodec(type, new Codec<>(type, encode, decode));
  }

  /** One member of a sealed family, written in the family's wire form. */
  private static <F, T extends F> void wireSubtype(EventBus bus, Class<T> type, Function<F, JsonObject> encode,
      Function<JsonObject, F> decode) {
    wire(bus, type, encode::apply, json -> type.cast(decode.apply(json)));
  }

  private static <T> void local(EventBus bus, Class<T> type) {
    bus.registerDefaultCodec(type, new Codec<T>(type, null, null));
  }

  /** Passes the object itself on its node; across members, its JSON as length-prefixed UTF-8. */
  private static final class Codec<T> implements MessageCodec<T, T> {

    private final Class<T> type;
    private final Function<T, JsonObject> encode;
    private final Function<JsonObject, T> decode;

    Codec(Class<T> type, Function<T, JsonObject> encode, Function<JsonObject, T> decode) {
      this.type = type;
      this.encode = encode;
      this.decode = decode;
    }

    @Override
    public void encodeToWire(Buffer buffer, T body) {
      if (encode == null) {
        throw new IllegalStateException(type.getName() + " is local to its node and never crosses the cluster");
      }
      byte[] bytes = encode.apply(body).encode().getBytes(StandardCharsets.UTF_8);
      buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      if (decode == null) {
        throw new IllegalStateException(type.getName() + " is local to its node and never crosses the cluster");
      }
      int length = buffer.getInt(pos);
      return decode.apply(new JsonObject(buffer.getString(pos + 4, pos + 4 + length, "UTF-8")));
    }

    @Override
    public T transform(T body) {
      return body;
    }

    @Override
    public String name() {
      return "infergate." + type.getName();
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
