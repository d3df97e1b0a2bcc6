package io.infergate.inference.perform;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.bus.EsError;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderFailuresUnitTest {

  private static final String KEY = "sk-proj-abcdef1234567890wxyz";

  @Test
  void statusesBelow500KeepTheirsAndServerErrorsBecome400() {
    EsError limited = ProviderFailures.forStatus("e", "http://p", 429, "slow down", List.of(KEY)).error();
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.reason()).isEqualTo("Received a rate limit status code for request from inference entity id [e] "
        + "status [429]. Error message: [slow down]");
    EsError server = ProviderFailures.forStatus("e", "http://p", 503, null, List.of(KEY)).error();
    assertThat(server.status()).isEqualTo(400);
    assertThat(server.reason()).isEqualTo("Received a server error status code for request from inference entity id [e] status [503]");
    assertThat(ProviderFailures.forStatus("e", "http://p/x", 404, null, List.of()).error().reason())
        .startsWith("Resource not found at [http://p/x]");
  }

  @Test
  void aKeyOrAMaskedKeyEchoedByTheProviderIsRedacted() {
    String echoed = "Incorrect API key provided: sk-proj-abc*****************wxyz. You can find your API key at x.";
    String reason = ProviderFailures.forStatus("e", "u", 401, echoed + " " + KEY, List.of(KEY)).error().reason();
    assertThat(reason).doesNotContain(KEY).doesNotContain("sk-p").doesNotContain("wxyz").doesNotContain("***");
    assertThat(reason).contains("Incorrect API key provided: [REDACTED]");
  }

  @Test
  void timeoutsUseElasticsearchTimeValues() {
    assertThat(ProviderFailures.timedOut("e", 30_000).error().reason())
        .isEqualTo("Request timed out after [30s] for inference id [e]");
    assertThat(ProviderFailures.timedOut("e", 120_000).error().status()).isEqualTo(429);
  }
}
