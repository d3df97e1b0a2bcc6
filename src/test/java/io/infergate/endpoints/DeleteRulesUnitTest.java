package io.infergate.endpoints;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EsError;
import io.infergate.bus.References.Reference;
import io.infergate.registry.DataSerialization;
import io.infergate.registry.StoredDocument;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * When an endpoint delete is refused, in Elasticsearch's order: missing (404), another task type
 * (400), a reserved id without force (400), references without force (409).
 */
class DeleteRulesUnitTest {

  private static StoredDocument live(Reference... references) {
    JsonObject body = new JsonObject()
        .put("inference_id", ".reserved")
        .put("task_type", "sparse_embedding")
        .put("service", "hugging_face")
        .put("service_settings", new JsonObject().put("url", "u"))
        .put("secret_settings", new JsonObject().put("api_key", "k"));
    return StoredDocument.live(".reserved", StoredReferences.with(body, List.of(references)), 7, "m1");
  }

  private static EsError refusal(String taskType, boolean force, boolean reserved, boolean references,
      StoredDocument live) {
    return new DeleteRules(taskType, force, reserved, references).refusal(".reserved", live);
  }

  @Test
  void aMissingEndpointIs404WhateverElse() {
    EsError refusal = refusal("text_embedding", true, true, true, null);

    assertThat(refusal).isEqualTo(new EsError(404, "resource_not_found_exception",
        "Inference endpoint not found [.reserved]"));
  }

  @Test
  void anotherTaskTypeIs400EvenWithForce() {
    EsError refusal = refusal("text_embedding", true, true, true, live(new Reference("h", null, 5)));

    assertThat(refusal.status()).isEqualTo(400);
    assertThat(refusal.type()).isEqualTo("status_exception");
    assertThat(refusal.reason()).isEqualTo("Requested task type [text_embedding] does not match the inference "
        + "endpoint's task type [sparse_embedding]");
  }

  @Test
  void aReservedIdIs400WithoutForceBeforeAnyReference() {
    EsError refusal = refusal("sparse_embedding", false, true, true, live(new Reference("h", null, 5)));

    assertThat(refusal.status()).isEqualTo(400);
    assertThat(refusal.type()).isEqualTo("status_exception");
    assertThat(refusal.reason()).startsWith("[.reserved] is a reserved inference endpoint.");
  }

  @Test
  void referencesAre409WithoutForceAndNameTheHolders() {
    EsError refusal = refusal(null, false, false, true, live(new Reference("h", "n1", 5), new Reference("g", null, 6)));

    assertThat(refusal.status()).isEqualTo(409);
    assertThat(refusal.type()).isEqualTo("status_exception");
    assertThat(refusal.reason()).isEqualTo(DeleteRules.referencedMessage(".reserved", List.of("h", "g")))
        .contains("[h, g]");
  }

  @Test
  void forceOrRulesThatIgnoreReferencesLetItGoAhead() {
    StoredDocument referenced = live(new Reference("h", "n1", 5));

    assertThat(refusal(null, true, true, true, referenced)).isNull();
    assertThat(refusal("sparse_embedding", true, false, true, referenced)).isNull();
    assertThat(refusal(null, false, false, false, referenced)).as("a dry run's rules").isNull();
    assertThat(refusal(null, false, false, true, live())).isNull();
  }

  @Test
  void theRulesTravelWithTheDelete() {
    StoredDocument referenced = live(new Reference("h", "n1", 5));
    for (boolean force : new boolean[] {false, true}) {
      for (boolean reserved : new boolean[] {false, true}) {
        for (boolean references : new boolean[] {false, true}) {
          for (String taskType : new String[] {null, "sparse_embedding", "text_embedding"}) {
            DeleteRules rules = new DeleteRules(taskType, force, reserved, references);
            assertThat(DataSerialization.roundTrip(rules).refusal(".reserved", referenced))
                .as("task type %s, force %s, reserved %s, references %s", taskType, force, reserved, references)
                .isEqualTo(rules.refusal(".reserved", referenced));
          }
        }
      }
    }
  }
}
