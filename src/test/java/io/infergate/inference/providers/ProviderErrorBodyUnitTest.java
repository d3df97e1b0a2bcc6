package io.infergate.inference.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

class ProviderErrorBodyUnitTest {

  @Test
  void readsEachProvidersErrorShape() {
    assertThat(message("{\"error\":{\"message\":\"bad key\",\"type\":\"invalid_request_error\"}}")).isEqualTo("bad key");
    assertThat(message("{\"message\":\"invalid api token\"}")).isEqualTo("invalid api token");
    assertThat(message("{\"error\":\"Model is overloaded\"}")).isEqualTo("Model is overloaded");
  }

  @Test
  void anythingElseGivesNoMessageRatherThanTheRawBody() {
    assertThat(message("<html>502 Bad Gateway</html>")).isNull();
    assertThat(message("[\"error\"]")).isNull();
    assertThat(message("{\"error\":{\"code\":42}}")).isNull();
    assertThat(message("")).isNull();
  }

  private static String message(String body) {
    return ProviderErrorBody.message(Buffer.buffer(body));
  }
}
