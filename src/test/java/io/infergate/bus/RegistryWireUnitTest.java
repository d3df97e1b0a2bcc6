package io.infergate.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON wire form of every registry message that crosses cluster members, read back from its
 * text as another member (or a process without the contract's codecs) receives it.
 */
class RegistryWireUnitTest {

  private static final Principal ALICE = new Principal("alice", List.of("inference_admin", "viewer"), "default_file");

  /** The JSON as it arrives: written to text and parsed again. */
  private static JsonObject sent(JsonObject json) {
    return new JsonObject(json.encode());
  }

  private static EsError refusalOf(JsonObject request) {
    RegistryFailure failure = catchThrowableOfType(() -> RegistryWire.request(request), RegistryFailure.class);
    assertThat(failure).as("refused: %s", request).isNotNull();
    return failure.error();
  }

  @Test
  void readEventsRoundTrips() {
    ReadEvents read = new ReadEvents(17, 250);

    JsonObject json = RegistryWire.toJson(read);

    assertThat(json).isEqualTo(new JsonObject().put("op", "events").put("from_sequence", 17L).put("max", 250));
    assertThat(RegistryWire.request(sent(json))).isEqualTo(read);
  }

  @Test
  void readEventsDefaultsToTheStartAndAFullPage() {
    assertThat(RegistryWire.request(new JsonObject().put("op", "events"))).isEqualTo(new ReadEvents(0, 1000));
  }

  @Test
  void aReferenceAddRoundTripsWithAndWithoutItsNode() {
    ReferenceRequest.Add withNode = new ReferenceRequest.Add("my-id", "search-service", "uuid", ALICE);
    ReferenceRequest.Add withoutNode = new ReferenceRequest.Add("my-id", "search-service", null, ALICE);

    assertThat(RegistryWire.toJson(withNode)).isEqualTo(new JsonObject().put("op", "reference_add")
        .put("inference_id", "my-id").put("holder", "search-service").put("holder_node", "uuid")
        .put("principal", new JsonObject().put("username", "alice")
            .put("roles", new JsonArray().add("inference_admin").add("viewer")).put("realm", "default_file")));
    assertThat(RegistryWire.toJson(withoutNode).containsKey("holder_node")).isFalse();
    assertThat(RegistryWire.request(sent(RegistryWire.toJson(withNode)))).isEqualTo(withNode);
    assertThat(RegistryWire.request(sent(RegistryWire.toJson(withoutNode)))).isEqualTo(withoutNode);
  }

  @Test
  void aReferenceRemoveRoundTrips() {
    ReferenceRequest.Remove remove = new ReferenceRequest.Remove("my-id", "search-service", ALICE);

    JsonObject json = RegistryWire.toJson(remove);

    assertThat(json.getString("op")).isEqualTo("reference_remove");
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("op", "inference_id", "holder", "principal");
    assertThat(RegistryWire.request(sent(json))).isEqualTo(remove);
  }

  @Test
  void aReferenceTakenUnderAnOwnerRoundTripsWithIt() {
    ReferenceRequest.Add add = new ReferenceRequest.Add("my-id", "dashboard", "uuid", "stream-1", ALICE);
    ReferenceRequest.Remove remove = new ReferenceRequest.Remove("my-id", "dashboard", "stream-1", ALICE);

    assertThat(RegistryWire.toJson(add).getString("owner")).isEqualTo("stream-1");
    assertThat(RegistryWire.toJson(remove).getString("owner")).isEqualTo("stream-1");
    assertThat(RegistryWire.request(sent(RegistryWire.toJson(add)))).isEqualTo(add);
    assertThat(RegistryWire.request(sent(RegistryWire.toJson(remove)))).isEqualTo(remove);
  }

  @Test
  void aReferencesLookupRoundTrips() {
    ReferenceRequest.Lookup lookup = new ReferenceRequest.Lookup("my-id", ALICE);

    JsonObject json = RegistryWire.toJson(lookup);

    assertThat(json.getString("op")).isEqualTo("references");
    assertThat(json.fieldNames()).containsExactlyInAnyOrder("op", "inference_id", "principal");
    assertThat(RegistryWire.request(sent(json))).isEqualTo(lookup);
  }

  @Test
  void endpointWritesAndReadsFromAnotherMemberAreRefused() {
    for (JsonObject request : List.of(
        new JsonObject().put("op", "delete").put("inference_id", "my-id").put("principal", ALICE.toJson()),
        new JsonObject().put("op", "put"),
        new JsonObject().put("op", "get").put("inference_id", "my-id").put("principal", ALICE.toJson()),
        new JsonObject().put("inference_id", "my-id"))) {
      EsError refusal = refusalOf(request);

      assertThat(refusal.status()).as("%s", request).isEqualTo(400);
      assertThat(refusal.type()).isEqualTo("illegal_argument_exception");
      assertThat(refusal.reason()).contains("[" + request.getString("op", "") + "]", "reference_add");
    }
  }

  @Test
  void aReferenceRequestWithoutAPrincipalIsRefused() {
    for (String op : List.of("reference_add", "reference_remove", "references")) {
      EsError refusal = refusalOf(new JsonObject().put("op", op).put("inference_id", "my-id").put("holder", "h"));

      assertThat(refusal).as(op).isEqualTo(EsError.illegalArgument("a registry request needs a [principal]"));
    }
  }

  @Test
  void aReferenceRequestWithoutItsIdOrHolderIsRefused() {
    JsonObject principal = new Principal("svc", List.of(), "cluster").toJson();
    assertThat(refusalOf(new JsonObject().put("op", "reference_add").put("holder", "h").put("principal", principal)))
        .isEqualTo(EsError.illegalArgument("a [reference_add] request needs [inference_id]"));
    assertThat(refusalOf(new JsonObject().put("op", "reference_remove").put("inference_id", "my-id")
        .put("principal", principal)))
        .isEqualTo(EsError.illegalArgument("a [reference_remove] request needs [holder]"));
    assertThat(refusalOf(new JsonObject().put("op", "references").put("inference_id", "").put("principal", principal)))
        .isEqualTo(EsError.illegalArgument("a [references] request needs [inference_id]"));
  }

  @Test
  void aMalformedRequestIsRefused() {
    EsError refusal = refusalOf(new JsonObject().put("op", "events").put("from_sequence", "seventeen"));

    assertThat(refusal).isEqualTo(EsError.illegalArgument("malformed registry request [events]"));
    assertThat(refusalOf(new JsonObject().put("op", "references").put("principal", "alice")).status()).isEqualTo(400);
  }

  @Test
  void anEventsPageRoundTrips() {
    JsonObject event = new JsonObject().put("sequence", 17L).put("type", "deleted").put("inference_id", "my-id")
        .put("revision", 42L).put("principal", ALICE.toJson());
    EventsPage page = new EventsPage(List.of(event, event.copy().put("sequence", 18L)), 3, 18, 19);

    JsonObject json = RegistryWire.toJson((Object) page);

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("events", "oldest", "newest", "next");
    EventsPage back = RegistryWire.eventsPage(sent(json));
    assertThat(back.oldest()).isEqualTo(3);
    assertThat(back.newest()).isEqualTo(18);
    assertThat(back.next()).isEqualTo(19);
    assertThat(back.events()).hasSize(2);
    assertThat(back.events().get(0).getLong("sequence")).isEqualTo(17L);
    assertThat(back.events().get(1).getLong("sequence")).isEqualTo(18L);
    assertThat(back.events().get(0).getJsonObject("principal")).isEqualTo(ALICE.toJson());
  }

  @Test
  void anEmptyEventsPageRoundTrips() {
    EventsPage page = new EventsPage(List.of(), 5, 4, 5);

    assertThat(RegistryWire.eventsPage(sent(RegistryWire.toJson(page)))).isEqualTo(page);
  }

  @Test
  void referencesRoundTrip() {
    References references = new References("my-id", List.of(
        new References.Reference("search-service", "uuid", 1_700_000_000_000L),
        new References.Reference("batch", null, 5),
        new References.Reference("dashboard", "uuid", 6, "stream-1")));

    JsonObject json = RegistryWire.toJson((Object) references);

    assertThat(json.getJsonArray("references").getJsonObject(1).containsKey("holder_node")).isFalse();
    assertThat(RegistryWire.references(sent(json))).isEqualTo(references);
    assertThat(RegistryWire.references(sent(RegistryWire.toJson(new References("my-id", List.of())))))
        .isEqualTo(new References("my-id", List.of()));
  }

  @Test
  void onlyEventsPagesAndReferencesAreReplies() {
    assertThatThrownBy(() -> RegistryWire.toJson((Object) new EndpointList(List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNodeStatusRoundTripsWithoutTheViewComparison() {
    NodeStatus status = new NodeStatus("uuid-1", "node-1", "127.0.0.1:9200", 42, 3, true, true, null);

    JsonObject json = RegistryWire.toJson(status);

    assertThat(json.fieldNames())
        .containsExactlyInAnyOrder("id", "name", "http_address", "view_revision", "view_endpoints", "serving");
    assertThat(RegistryWire.nodeStatus(sent(json))).isEqualTo(status.withViewCurrent(false));
  }

  @Test
  void anUnreachableNodeStatusRoundTrips() {
    NodeStatus unreachable = NodeStatus.unreachable("uuid-2", "did not answer within 5s");

    JsonObject json = RegistryWire.toJson(unreachable);

    assertThat(json).isEqualTo(new JsonObject().put("id", "uuid-2").put("serving", false)
        .put("error", "did not answer within 5s"));
    NodeStatus back = RegistryWire.nodeStatus(sent(json));
    assertThat(back).isEqualTo(unreachable);
    assertThat(back.answered()).isFalse();
  }

  @Test
  void everyViewMessageRoundTrips() {
    String stored = "{\"inference_id\":\"my-id\",\"revision\":7,\"written_by\":\"m1\"}";
    for (ViewMessage message : List.of(new ViewMessage.Apply("endpoints", "my-id", stored), new ViewMessage.Status(),
        new ViewMessage.Ping())) {
      assertThat(RegistryWire.viewMessage(sent(RegistryWire.toJson(message)))).isEqualTo(message);
    }
    assertThat(RegistryWire.toJson(new ViewMessage.Apply("endpoints", "my-id", stored)).getString("stored"))
        .as("the stored text travels as it is").isEqualTo(stored);
  }

  @Test
  void anUnknownViewMessageIsRejected() {
    assertThatThrownBy(() -> RegistryWire.viewMessage(new JsonObject().put("op", "events")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
