package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EsError;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** {@code ?error_trace}'s {@code stack_trace}: where Elasticsearch puts it, and nothing in it but the reason and frames. */
class ErrorTraceUnitTest {

  private static final EsError NOT_FOUND = new EsError(404, "resource_not_found_exception", "Inference endpoint not found [x]");

  @Test
  void inTheErrorAndEachRootCauseAfterTypeAndReason() {
    JsonObject traced = ErrorTrace.add(NOT_FOUND.toEnvelope(), NOT_FOUND, NOT_FOUND.toException());
    JsonObject error = traced.getJsonObject("error");
    assertThat(error.fieldNames()).containsExactly("root_cause", "type", "reason", "stack_trace");
    assertThat(error.getJsonArray("root_cause").getJsonObject(0).fieldNames())
        .containsExactly("type", "reason", "stack_trace");
    assertThat(error.getString("stack_trace"))
        .startsWith("io.infergate.bus.EsException: Inference endpoint not found [x]\n\tat ")
        .contains("ErrorTraceUnitTest.inTheErrorAndEachRootCauseAfterTypeAndReason");
    assertThat(traced.getInteger("status")).isEqualTo(404);
  }

  @Test
  void theCarriersOwnMessageAndCausesStayOut() {
    RuntimeException carrier = new IllegalStateException("provider said: token sk-secret-1234",
        new RuntimeException("cause with sk-secret-1234"));
    EsError internal = EsError.internal();
    String trace = ErrorTrace.add(internal.toEnvelope(), internal, carrier).getJsonObject("error").getString("stack_trace");
    assertThat(trace).startsWith("java.lang.IllegalStateException: internal error; see the node's log\n\tat ")
        .doesNotContain("sk-secret").doesNotContain("Caused by");
  }

  @Test
  void aCarrierWithoutFramesGetsThoseOfThePointOfRendering() {
    RuntimeException stackless = new RuntimeException("x", null, false, false) { };
    String trace = ErrorTrace.add(NOT_FOUND.toEnvelope(), NOT_FOUND, stackless).getJsonObject("error")
        .getString("stack_trace");
    assertThat(trace).contains("\n\tat ");
    assertThat(ErrorTrace.add(NOT_FOUND.toEnvelope(), NOT_FOUND, null).getJsonObject("error").getString("stack_trace"))
        .startsWith("io.infergate.bus.EsException: Inference endpoint not found [x]\n\tat ");
  }

  @Test
  void neverOnA401NorOnAPlainStringErrorAndTheEnvelopeIsNotChanged() {
    EsError unauthorized = new EsError(401, "security_exception", "missing authentication credentials");
    JsonObject envelope = unauthorized.toEnvelope();
    assertThat(ErrorTrace.add(envelope, unauthorized, unauthorized.toException())).isEqualTo(unauthorized.toEnvelope());
    HttpFailure plain = HttpFailure.plain(405, "Incorrect HTTP method");
    assertThat(ErrorTrace.add(plain.body(), plain.error(), plain).encode()).doesNotContain("stack_trace");
    JsonObject original = NOT_FOUND.toEnvelope();
    ErrorTrace.add(original, NOT_FOUND, NOT_FOUND.toException());
    assertThat(original).isEqualTo(NOT_FOUND.toEnvelope());
  }
}
