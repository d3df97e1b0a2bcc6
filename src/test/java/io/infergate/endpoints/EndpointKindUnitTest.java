package io.infergate.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EndpointDefinition;
import io.infergate.registry.StoredDocument;
import io.infergate.secrets.SealedValue;
import io.infergate.testing.TestSecrets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Endpoints as stored bodies, and the fields of their events: never a setting, never a secret. */
class EndpointKindUnitTest {

  private static final EndpointKind KIND = TestSecrets.ENDPOINTS;
  private static final String CANARY = "sk-endpoint-kind-canary-41b7";

  private static EndpointDefinition endpoint() {
    return new EndpointDefinition("a", "sparse_embedding", "hugging_face",
        new JsonObject().put("url", "u"),
        new JsonObject().put("api_key", CANARY),
        new JsonObject().put("truncate", true),
        new JsonObject().put("strategy", "sentence"));
  }

  @Test
  void anEndpointSurvivesItsStoredBody() {
    EndpointDefinition endpoint = endpoint();

    JsonObject body = KIND.toBody(endpoint);

    assertThat(body.getJsonObject("secret_settings").fieldNames()).as("the store keeps the secrets, sealed")
        .containsExactly("api_key");
    assertThat(SealedValue.isSealed(body.getJsonObject("secret_settings").getValue("api_key"))).isTrue();
    assertThat(body.encode()).doesNotContain(CANARY);
    assertThat(KIND.fromBody(body)).isEqualTo(endpoint);
  }

  @Test
  void aBodyAnOlderVersionStoredInPlaintextIsRead() {
    JsonObject legacy = endpoint().publicJson().put("secret_settings", new JsonObject().put("api_key", CANARY));

    assertThat(KIND.fromBody(legacy)).isEqualTo(endpoint());
    assertThat(KIND.toBody(KIND.fromBody(legacy)).encode()).as("sealed by the next write").doesNotContain(CANARY);
  }

  @Test
  void aSecretCopiedIntoAnotherEndpointIsNotOpenedThere() {
    JsonObject sealed = KIND.toBody(endpoint()).getJsonObject("secret_settings");
    JsonObject other = endpoint().publicJson().put("inference_id", "b").put("secret_settings", sealed);

    assertThat(KIND.fromBody(other).secretSettings().encode()).doesNotContain(CANARY);
  }

  @Test
  void aNodeOfAnotherClusterCannotOpenTheSecrets() {
    EndpointKind stranger = TestSecrets.endpointKind("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    assertThat(stranger.fromBody(KIND.toBody(endpoint())).secretSettings().encode()).doesNotContain(CANARY);
  }

  @Test
  void anEndpointWithoutOptionalSettingsSurvivesItsStoredBody() {
    EndpointDefinition endpoint = new EndpointDefinition("a", "text_embedding", "openai",
        new JsonObject().put("model_id", "m"), new JsonObject(), new JsonObject(), null);

    assertThat(KIND.fromBody(KIND.toBody(endpoint))).isEqualTo(endpoint);
  }

  @Test
  void anEndpointSurvivesTheStoredText() {
    EndpointDefinition endpoint = endpoint();
    StoredDocument stored = StoredDocument.live("a", KIND.toBody(endpoint), 7, "m1");

    assertThat(KIND.fromBody(StoredDocument.decode("a", stored.encoded()).body())).isEqualTo(endpoint);
  }

  @Test
  void theStoredBodyIsACopy() {
    EndpointDefinition endpoint = endpoint();

    JsonObject body = KIND.toBody(endpoint);
    body.getJsonObject("service_settings").put("url", "changed");
    body.getJsonObject("secret_settings").put("api_key", "changed");

    assertThat(endpoint).isEqualTo(endpoint());
  }

  @Test
  void eventFieldsAreTheIdentityAndNeverASetting() {
    JsonObject body = KIND.toBody(endpoint()).put("references", new JsonArray());

    JsonObject fields = KIND.eventFields(body);

    assertThat(fields.fieldNames()).containsExactlyInAnyOrder("inference_id", "task_type", "service");
    assertThat(fields).isEqualTo(new JsonObject()
        .put("inference_id", "a").put("task_type", "sparse_embedding").put("service", "hugging_face"));
    assertThat(fields.encode()).doesNotContain("api_key", "secret_settings", "service_settings");
  }

  @Test
  void eventFieldsOfATombstoneAreItsIdentity() {
    StoredDocument tombstone = StoredDocument.tombstone(StoredDocument.live("a", KIND.toBody(endpoint()), 7, "m1"),
        KIND.identityFields(), 8, 123, "m1");

    assertThat(KIND.eventFields(tombstone.body())).isEqualTo(new JsonObject()
        .put("inference_id", "a").put("task_type", "sparse_embedding").put("service", "hugging_face"));
  }

  @Test
  void theIdentityIsWhatEventsNeedAndTheIdIsTheInferenceId() {
    assertThat(KIND.identityFields()).containsExactly("inference_id", "task_type", "service");
    assertThat(KIND.idField()).isEqualTo("inference_id");
    assertThat(KIND.identityFields()).contains(KIND.idField());
  }
}
