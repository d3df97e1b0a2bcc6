package io.infergate.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EndpointDefinition;
import io.infergate.registry.StoredDocument;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Endpoints as stored bodies, and the fields of their events: never a setting, never a secret. */
class EndpointKindUnitTest {

  private static final EndpointKind KIND = EndpointKind.INSTANCE;

  private static EndpointDefinition endpoint() {
    return new EndpointDefinition("a", "sparse_embedding", "hugging_face",
        new JsonObject().put("url", "u"),
        new JsonObject().put("api_key", "k"),
        new JsonObject().put("truncate", true),
        new JsonObject().put("strategy", "sentence"));
  }

  @Test
  void anEndpointSurvivesItsStoredBody() {
    EndpointDefinition endpoint = endpoint();

    JsonObject body = KIND.toBody(endpoint);

    assertThat(body.getJsonObject("secret_settings")).as("the store keeps the secrets")
        .isEqualTo(new JsonObject().put("api_key", "k"));
    assertThat(KIND.fromBody(body)).isEqualTo(endpoint);
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
