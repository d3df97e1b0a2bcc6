package io.infergate.inference.builtin;

import static io.infergate.inference.builtin.BuiltInModelTest.endpoint;
import static io.infergate.inference.builtin.BuiltInModelTest.esError;
import static io.infergate.inference.builtin.BuiltInModelTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EsError;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.PerformRequest;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The requests the service refuses before the model is needed: none of these loads it. */
class BuiltInModelServiceUnitTest {

  private final BuiltInModelService service = new BuiltInModelService(new BuiltInModelSettings(1, 2, 10));

  @AfterEach
  void tearDown() {
    service.close();
    assertThat(service.textsEmbedded()).isZero();
  }

  @Test
  void anUnknownModelIdIsNotFound() throws Exception {
    EsError error = esError(service.infer(endpoint(".elser_model_2"), request(List.of("a")), Call.withTimeout(1000)));

    assertThat(error).isEqualTo(new EsError(404, "resource_not_found_exception",
        "Could not find trained model [.elser_model_2]"));
  }

  @Test
  void onlyTextEmbeddingIsServed() throws Exception {
    PerformRequest sparse = new PerformRequest("my-e5", TaskType.SPARSE_EMBEDDING, List.of("a"), null, null, null,
        null, null, null, 1000);

    EsError error = esError(service.infer(endpoint(BuiltInModelService.ALL_MINILM_L6_V2), sparse, Call.withTimeout(1000)));

    assertThat(error).isEqualTo(EsError.statusException(400,
        "The [elasticsearch] service does not support task type [sparse_embedding]"));
  }

  @Test
  void aBlankInputIsRefusedBeforeItCouldFailOtherClientsBatch() throws Exception {
    EsError error = esError(service.infer(endpoint(BuiltInModelService.ALL_MINILM_L6_V2), request(List.of("a", " ")),
        Call.withTimeout(1000)));

    assertThat(error.status()).isEqualTo(400);
    assertThat(error.reason()).contains("input [1]");
  }

  @Test
  void aCallAlreadyCancelledIsNotQueued() throws Exception {
    Call call = Call.withTimeout(1000);
    call.cancel();

    EsError error = esError(service.infer(endpoint(BuiltInModelService.ALL_MINILM_L6_V2), request(List.of("a")), call));

    assertThat(error.type()).isEqualTo("task_cancelled_exception");
  }

  @Test
  void aRequestNeedingMoreSlicesThanTheQueueHoldsIsRejectedWhole() throws Exception {
    List<String> twentyFive = Collections.nCopies(25, "text");

    EsError error = esError(service.infer(endpoint(BuiltInModelService.ALL_MINILM_L6_V2), request(twentyFive),
        Call.withTimeout(1000)));

    assertThat(error).isEqualTo(new EsError(429, "es_rejected_execution_exception",
        "Failed to execute task for inference id [my-e5] because the built-in model queue is full"));
  }

  @Test
  void afterCloseRequestsAreRejected() throws Exception {
    service.close();

    EsError error = esError(service.infer(endpoint(BuiltInModelService.ALL_MINILM_L6_V2), request(List.of("a")),
        Call.withTimeout(1000)));

    assertThat(error.status()).isEqualTo(429);
    assertThat(error.reason()).endsWith("because the built-in model is shut down");
  }
}
