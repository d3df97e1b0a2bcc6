package io.infergate.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Inference endpoint ids: {@code [a-z0-9](?:[a-z0-9_\-.]*[a-z0-9])?}, never {@code _all}; a leading dot only for
 * preconfigured endpoints (DESIGN.md section 3 and the README).
 */
class EndpointIdsUnitTest {

  @Test
  void allAndStarList() {
    assertThat(EndpointIds.isListAll("_all")).isTrue();
    assertThat(EndpointIds.isListAll("*")).isTrue();
    assertThat(EndpointIds.isListAll("all")).isFalse();
    assertThat(EndpointIds.isListAll("_ALL")).isFalse();
  }

  @Test
  void validIdsAreReturnedAsGiven() {
    for (String id : new String[] {"a", "0", "ab", "my-elser", "my_elser", "e5.small", "a..b", "a--b"}) {
      assertThat(EndpointIds.requireValid(id)).isEqualTo(id);
    }
  }

  @Test
  void invalidIdsFailWithElasticsearchsValidationMessage() {
    for (String id : new String[] {"", "_all", "*", "A", "my-Elser", "-a", "a-", "_a", "a_", ".a", "a.", "a b",
        "a/b", "a+b", "a:b"}) {
      assertThat(errorOf(() -> EndpointIds.requireValid(id))).as(id).isEqualTo(new EsError(400,
          "action_request_validation_exception", "Validation Failed: 1: Invalid inference_id; '" + id
              + "' can contain lowercase alphanumeric (a-z and 0-9), hyphens or underscores; "
              + "must start and end with alphanumeric;"));
    }
  }

  @Test
  void aLeadingDotIsReservedForPreconfiguredEndpoints() {
    assertThat(EndpointIds.isReserved(".elser-default")).isTrue();
    assertThat(EndpointIds.isReserved(".e")).isTrue();
    assertThat(EndpointIds.isReserved("elser")).isFalse();
    assertThat(EndpointIds.isReserved(".")).isFalse();
    assertThat(EndpointIds.isReserved("..")).isFalse();
    assertThat(EndpointIds.isReserved(".Elser")).isFalse();
    assertThat(EndpointIds.requireExisting(".elser-default")).isEqualTo(".elser-default");
    assertThat(EndpointIds.requireExisting("elser")).isEqualTo("elser");
    assertThat(errorOf(() -> EndpointIds.requireExisting("..")).type())
        .isEqualTo("action_request_validation_exception");
  }

  @Test
  void idsLongerThan255CharactersAreRefusedWithoutEchoingThem() {
    assertThat(EndpointIds.requireValid("a".repeat(255))).hasSize(255);

    String tooLong = "a".repeat(256);
    EsError error = errorOf(() -> EndpointIds.requireValid(tooLong));
    assertThat(error).isEqualTo(new EsError(400, "action_request_validation_exception",
        "Validation Failed: 1: Invalid inference_id; it is 256 characters long, and must be at most 255;"));
    assertThat(EndpointIds.isReserved("." + "a".repeat(255))).isFalse();
    assertThat(errorOf(() -> EndpointIds.requireExisting("." + "a".repeat(255))).reason())
        .contains("it is 256 characters long");
  }

  private static EsError errorOf(ThrowingCallable action) {
    EsException failure = catchThrowableOfType(EsException.class, action);
    assertThat(failure).as("an EsException").isNotNull();
    return failure.error();
  }
}
