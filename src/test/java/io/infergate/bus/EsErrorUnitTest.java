package io.infergate.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failure's wire form between members, and its Elasticsearch envelope for HTTP clients. */
class EsErrorUnitTest {

  private static EsError sent(EsError error) {
    return EsError.fromJson(new JsonObject(error.toJson().encode()));
  }

  @Test
  void aFailureWithoutMetadataRoundTrips() {
    EsError error = new EsError(404, "resource_not_found_exception", "Inference endpoint not found [a]");

    assertThat(error.toJson()).isEqualTo(new JsonObject().put("status", 404)
        .put("type", "resource_not_found_exception").put("reason", "Inference endpoint not found [a]"));
    assertThat(sent(error)).isEqualTo(error);
  }

  @Test
  void aFailureWithMetadataRoundTrips() {
    EsError error = new EsError(410, "events_past_retention_exception", "events from sequence [2] are gone",
        Map.of(ReadEvents.OLDEST_SEQUENCE, 5L, "newest_sequence", 5_000_000_000L));

    EsError back = sent(error);

    assertThat(back).isEqualTo(error);
    assertThat(back.metadata(ReadEvents.OLDEST_SEQUENCE, -1)).isEqualTo(5);
    assertThat(back.metadata("newest_sequence", -1)).isEqualTo(5_000_000_000L);
    assertThat(back.metadata("absent", -1)).isEqualTo(-1);
  }

  @Test
  void theMetadataIsACopy() {
    Map<String, Long> metadata = new HashMap<>(Map.of("a", 1L));
    EsError error = new EsError(410, "t", "r", metadata);

    metadata.put("b", 2L);

    assertThat(error.metadata()).containsOnlyKeys("a");
  }

  @Test
  void theEnvelopeIsElasticsearchsAndLeavesTheMetadataOut() {
    EsError error = new EsError(410, "events_past_retention_exception", "gone", Map.of(ReadEvents.OLDEST_SEQUENCE, 5L));

    JsonObject cause = new JsonObject().put("type", "events_past_retention_exception").put("reason", "gone");
    assertThat(error.toEnvelope()).isEqualTo(new JsonObject()
        .put("error", cause.copy().put("root_cause", new JsonArray().add(cause)))
        .put("status", 410));
  }

  @Test
  void itTravelsWholeInsideARegistryFailure() {
    EsError error = new EsError(410, "events_past_retention_exception", "gone", Map.of(ReadEvents.OLDEST_SEQUENCE, 5L));

    RegistryFailure failure = new RegistryFailure(error);

    assertThat(failure.error()).isSameAs(error);
    assertThat(failure.failureCode()).isEqualTo(410);
    assertThat(failure.getMessage()).isEqualTo("gone");
    assertThat(BusFailures.toError(failure)).isSameAs(error);
    assertThat(BusFailures.toError(error.toException())).isSameAs(error);
  }
}
