package io.infergate.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The one JSON wire form of every registry message that crosses cluster members. Requests carry
 * an {@code op}:
 * <pre>
 * {"op":"events",           "from_sequence":S, "max":M}
 * {"op":"reference_add",    "inference_id":"my-id", "holder":"search-service", "holder_node":"uuid"?, "owner":"id"?, "principal":{...}}
 * {"op":"reference_remove", "inference_id":"my-id", "holder":"search-service", "owner":"id"?, "principal":{...}}
 * {"op":"references",       "inference_id":"my-id", "principal":{...}}
 * {"op":"apply", "kind":"endpoints", "id":"my-id", "stored":"..."}   {"op":"status"}   {"op":"ping"}   (gateway to gateway)
 * </pre>
 * Replies: {@code {"events":[...],"oldest":H,"newest":T,"next":N}} for events;
 * {@code {"inference_id":..., "references":[{"holder":..., "since":..., "holder_node":...?, "owner":...?}]}} for
 * references; {@code {"id","name","http_address","view_revision","view_endpoints","serving"}} for a
 * status; a failure is {@code {"status","type","reason","metadata"?}} ({@link RegistryFailure}).
 * Principals are {@code {"username","roles":[...],"realm"}}. A process without the contract's
 * codecs may send a request as this JSON: it gets its reply as JSON too, and a failure as
 * {@code fail(status, failure-json)}.
 *
 * <p>Authentication. Every request sent to {@link Addresses#REGISTRY} (this JSON or the typed
 * {@link ReadEvents} and {@link ReferenceRequest}) carries four message headers, made by {@link RequestSigner}:
 * <pre>
 * x-infergate-sender     the sender's cluster member id
 * x-infergate-timestamp  milliseconds since the epoch
 * x-infergate-nonce      16 random bytes, hex
 * x-infergate-auth       base64 HMAC-SHA256 over (address, sender, timestamp, nonce, content), each
 *                        field as a 4-byte big-endian length then its UTF-8 bytes
 * </pre>
 * The content is {@code JsonObject.encode()} of the JSON command, and of this wire form for a typed
 * request. The key is HKDF-SHA256 of the cluster secret with info {@code infergate bus requests v1}.
 * The registry refuses (401 {@code security_exception}), before anything else, a request whose MAC is
 * missing or wrong, whose timestamp is more than 60 s from its clock, or whose sender and nonce it
 * served in the last two minutes.
 */
public final class RegistryWire {

  private static final String OP = "op";

  private RegistryWire() {
  }

  /**
   * A request that may come from another member, from its wire form; fails with a 400 registry
   * failure for anything else (writes and reads of endpoints are taken from the node's own router only).
   */
  public static RegistryRequest request(JsonObject json) {
    String op = json.getString(OP, "");
    try {
      switch (op) {
        case "events":
          return new ReadEvents(json.getLong("from_sequence", 0L), json.getInteger("max", 1000));
        case "reference_add":
          return new ReferenceRequest.Add(required(json, "inference_id"), required(json, "holder"),
              json.getString("holder_node"), json.getString("owner"), principal(json));
        case "reference_remove":
          return new ReferenceRequest.Remove(required(json, "inference_id"), required(json, "holder"),
              json.getString("owner"), principal(json));
        case "references":
          return new ReferenceRequest.Lookup(required(json, "inference_id"), principal(json));
        default:
          throw new RegistryFailure(EsError.illegalArgument("the registry takes [" + op
              + "] only from its own node's router; other members may send events, reference_add, "
              + "reference_remove and references"));
      }
    } catch (ClassCastException e) {
      throw new RegistryFailure(EsError.illegalArgument("malformed registry request [" + op + "]"));
    }
  }

  /** The JSON of a reply to a request that may cross members ({@link EventsPage} or {@link References}). */
  public static JsonObject toJson(Object reply) {
    if (reply instanceof EventsPage page) {
      return toJson(page);
    }
    if (reply instanceof References references) {
      return toJson(references);
    }
    throw new IllegalArgumentException("no wire form for " + reply.getClass().getName());
  }

  /** Fails a request that came as JSON, in the JSON form of its failure. */
  public static void fail(Message<?> message, EsError error) {
    message.fail(error.status(), error.toJson().encode());
  }

  public static JsonObject toJson(ReadEvents read) {
    return new JsonObject().put(OP, "events").put("from_sequence", read.fromSequence()).put("max", read.max());
  }

  public static JsonObject toJson(ReferenceRequest request) {
    JsonObject json = request.accept(new ReferenceRequest.Handler<JsonObject>() {
      @Override
      public JsonObject add(ReferenceRequest.Add add) {
        JsonObject json = withHolder("reference_add", add.inferenceId(), add.holder(), add.owner());
        return add.holderNode() == null ? json : json.put("holder_node", add.holderNode());
      }

      @Override
      public JsonObject remove(ReferenceRequest.Remove remove) {
        return withHolder("reference_remove", remove.inferenceId(), remove.holder(), remove.owner());
      }

      @Override
      public JsonObject lookup(ReferenceRequest.Lookup lookup) {
        return new JsonObject().put(OP, "references").put("inference_id", lookup.inferenceId());
      }
    });
    return json.put("principal", request.principal().toJson());
  }

  private static JsonObject withHolder(String op, String inferenceId, String holder, String owner) {
    JsonObject json = new JsonObject().put(OP, op).put("inference_id", inferenceId).put("holder", holder);
    return owner == null ? json : json.put("owner", owner);
  }

  private static String required(JsonObject json, String field) {
    String value = json.getString(field);
    if (value == null || value.isEmpty()) {
      throw new RegistryFailure(EsError.illegalArgument("a [" + json.getString(OP) + "] request needs [" + field + "]"));
    }
    return value;
  }

  private static Principal principal(JsonObject json) {
    JsonObject principal = json.getJsonObject("principal");
    if (principal == null) {
      throw new RegistryFailure(EsError.illegalArgument("a registry request needs a [principal]"));
    }
    return Principal.fromJson(principal);
  }

  public static JsonObject toJson(EventsPage page) {
    return new JsonObject().put("events", new JsonArray(page.events().stream().map(Object.class::cast).toList()))
        .put("oldest", page.oldest()).put("newest", page.newest()).put("next", page.next());
  }

  public static EventsPage eventsPage(JsonObject json) {
    return new EventsPage(json.getJsonArray("events").stream().map(JsonObject.class::cast).toList(),
        json.getLong("oldest"), json.getLong("newest"), json.getLong("next"));
  }

  public static JsonObject toJson(References references) {
    JsonArray holders = new JsonArray();
    for (References.Reference reference : references.references()) {
      holders.add(toJson(reference));
    }
    return new JsonObject().put("inference_id", references.inferenceId()).put("references", holders);
  }

  public static JsonObject toJson(References.Reference reference) {
    JsonObject json = new JsonObject().put("holder", reference.holder()).put("since", reference.since());
    if (reference.holderNode() != null) {
      json.put("holder_node", reference.holderNode());
    }
    return reference.owner() == null ? json : json.put("owner", reference.owner());
  }

  public static References.Reference reference(JsonObject json) {
    return new References.Reference(json.getString("holder"), json.getString("holder_node"),
        json.getLong("since", 0L), json.getString("owner"));
  }

  public static References references(JsonObject json) {
    return new References(json.getString("inference_id"), json.getJsonArray("references").stream()
        .map(JsonObject.class::cast).map(RegistryWire::reference).toList());
  }

  public static JsonObject toJson(NodeStatus status) {
    JsonObject json = new JsonObject().put("id", status.id());
    if (status.answered()) {
      json.put("name", status.name()).put("http_address", status.httpAddress())
          .put("view_revision", status.viewRevision()).put("view_endpoints", status.viewEndpoints());
    }
    json.put("serving", status.serving());
    return status.error() == null ? json : json.put("error", status.error());
  }

  public static NodeStatus nodeStatus(JsonObject json) {
    return new NodeStatus(json.getString("id"), json.getString("name"), json.getString("http_address"),
        json.getLong("view_revision", -1L), json.getInteger("view_endpoints", 0), json.getBoolean("serving", false),
        false, json.getString("error"));
  }

  public static JsonObject toJson(ViewMessage message) {
    if (message instanceof ViewMessage.Apply apply) {
      return new JsonObject().put(OP, "apply").put("kind", apply.kind()).put("id", apply.id())
          .put("stored", apply.stored());
    }
    return new JsonObject().put(OP, message instanceof ViewMessage.Ping ? "ping" : "status");
  }

  public static ViewMessage viewMessage(JsonObject json) {
    String op = json.getString(OP, "");
    switch (op) {
      case "apply":
        return new ViewMessage.Apply(json.getString("kind"), json.getString("id"), json.getString("stored"));
      case "status":
        return new ViewMessage.Status();
      case "ping":
        return new ViewMessage.Ping();
      default:
        throw new IllegalArgumentException("unknown view message [" + op + "]");
    }
  }
}
