package io.infergate.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EndpointLookupUnitTest {

  private final EndpointDefinition sparse = new EndpointDefinition("my-elser", "sparse_embedding", "hugging_face",
      new JsonObject().put("url", "https://hf.example"), new JsonObject(), new JsonObject(), null);

  private final EndpointLookup lookup = new EndpointLookup() {
    @Override
    public Optional<CurrentEndpoint> find(String inferenceId) {
      return inferenceId.equals(sparse.inferenceId()) ? Optional.of(new CurrentEndpoint(sparse, 7)) : Optional.empty();
    }

    @Override
    public void onChange(Consumer<String> listener) {
    }
  };

  @Test
  void anyTaskTypeOrItsOwnFindsTheEndpoint() {
    assertThat(lookup.current("my-elser", null).revision()).isEqualTo(7);
    assertThat(lookup.current("my-elser", "sparse_embedding").definition()).isEqualTo(sparse);
  }

  @Test
  void anotherTaskTypeIsElasticsearchsStatusException() {
    assertThatThrownBy(() -> lookup.current("my-elser", "text_embedding"))
        .isInstanceOfSatisfying(EsException.class, e -> {
          assertThat(e.error().status()).isEqualTo(400);
          assertThat(e.error().type()).isEqualTo("status_exception");
          assertThat(e.error().reason()).isEqualTo("Requested task type [text_embedding] does not match the "
              + "inference endpoint's task type [sparse_embedding]");
        });
  }

  @Test
  void aMissingEndpointIsNotFoundWhateverTheTaskType() {
    assertThatThrownBy(() -> lookup.current("gone", "text_embedding"))
        .isInstanceOfSatisfying(EsException.class, e -> {
          assertThat(e.error().status()).isEqualTo(404);
          assertThat(e.error().type()).isEqualTo("resource_not_found_exception");
          assertThat(e.error().reason()).isEqualTo("Inference endpoint not found [gone]");
        });
    assertThat(lookup.find("gone")).isEmpty();
  }
}
