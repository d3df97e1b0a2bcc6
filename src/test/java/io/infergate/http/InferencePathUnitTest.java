package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.infergate.http.InferencePath.Kind;
import io.infergate.inference.TaskType;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The route shapes of {@code /_inference} (DESIGN.md section 3), read from the raw path: no server,
 * no cluster. One segment after {@code _inference} is always the id, two are the task type then the id.
 */
class InferencePathUnitTest {

  private static final String INVALID_ID_SUFFIX = "' can contain lowercase alphanumeric (a-z and 0-9), hyphens or "
      + "underscores; must start and end with alphanumeric;";

  @Test
  void onlyTheInferencePrefixMatches() {
    assertThat(InferencePath.matches("/_inference")).isTrue();
    assertThat(InferencePath.matches("/_inference/")).isTrue();
    assertThat(InferencePath.matches("/_inference/my-elser")).isTrue();
    assertThat(InferencePath.matches("/_inferences")).isFalse();
    assertThat(InferencePath.matches("/_inference_x/y")).isFalse();
    assertThat(InferencePath.matches("/_cluster/health")).isFalse();
    assertThat(InferencePath.matches("/")).isFalse();
  }

  @Test
  void theBarePrefixListsEveryEndpoint() {
    for (String raw : new String[] {"/_inference", "/_inference/"}) {
      InferencePath path = InferencePath.parse(raw);
      assertThat(path.kind()).as(raw).isEqualTo(Kind.LIST);
      assertThat(path.isList()).as(raw).isTrue();
      assertThat(path.taskType()).as(raw).isNull();
      assertThat(path.taskTypeName()).as(raw).isNull();
    }
  }

  @Test
  void oneSegmentIsTheIdWithoutATaskType() {
    InferencePath path = InferencePath.parse("/_inference/my-elser");

    assertThat(path.kind()).isEqualTo(Kind.ENDPOINT);
    assertThat(path.taskType()).isNull();
    assertThat(path.id()).isEqualTo("my-elser");
    assertThat(path.isList()).isFalse();
    assertThat(path.validId()).isEqualTo("my-elser");
    assertThat(path.existingId()).isEqualTo("my-elser");
  }

  @Test
  void aTaskTypeNameIsAnIdWhenItIsTheOnlySegment() {
    InferencePath path = InferencePath.parse("/_inference/sparse_embedding");

    assertThat(path.kind()).isEqualTo(Kind.ENDPOINT);
    assertThat(path.taskType()).isNull();
    assertThat(path.id()).isEqualTo("sparse_embedding");
  }

  @ParameterizedTest
  @EnumSource(TaskType.class)
  void twoSegmentsAreTheTaskTypeThenTheId(TaskType taskType) {
    InferencePath path = InferencePath.parse("/_inference/" + taskType.wireName() + "/my-endpoint");

    assertThat(path.kind()).isEqualTo(Kind.ENDPOINT);
    assertThat(path.taskType()).isEqualTo(taskType);
    assertThat(path.taskTypeName()).isEqualTo(taskType.wireName());
    assertThat(path.id()).isEqualTo("my-endpoint");
    assertThat(path.isList()).isFalse();
  }

  @Test
  void theTaskTypeInThePathIsCaseInsensitive() {
    assertThat(InferencePath.parse("/_inference/TEXT_EMBEDDING/x").taskType()).isEqualTo(TaskType.TEXT_EMBEDDING);
    assertThat(InferencePath.parse("/_inference/Sparse_Embedding/x").taskTypeName()).isEqualTo("sparse_embedding");
  }

  @ParameterizedTest
  @ValueSource(strings = {"_all", "*"})
  void allOrStarAsTheIdLists(String all) {
    InferencePath any = InferencePath.parse("/_inference/" + all);
    assertThat(any.kind()).isEqualTo(Kind.ENDPOINT);
    assertThat(any.isList()).isTrue();
    assertThat(any.taskType()).isNull();

    InferencePath ofOneType = InferencePath.parse("/_inference/sparse_embedding/" + all);
    assertThat(ofOneType.isList()).isTrue();
    assertThat(ofOneType.taskType()).isEqualTo(TaskType.SPARSE_EMBEDDING);
  }

  @Test
  void allIsNotAnIdAnEndpointCanBeCreatedWith() {
    InferencePath path = InferencePath.parse("/_inference/text_embedding/_all");

    assertThat(errorOf(() -> path.validId())).isEqualTo(invalidId("_all"));
  }

  @Test
  void updateWithAndWithoutATaskType() {
    InferencePath plain = InferencePath.parse("/_inference/my-elser/_update");
    assertThat(plain.kind()).isEqualTo(Kind.UPDATE);
    assertThat(plain.taskType()).isNull();
    assertThat(plain.id()).isEqualTo("my-elser");

    InferencePath typed = InferencePath.parse("/_inference/sparse_embedding/my-elser/_update");
    assertThat(typed.kind()).isEqualTo(Kind.UPDATE);
    assertThat(typed.taskType()).isEqualTo(TaskType.SPARSE_EMBEDDING);
    assertThat(typed.id()).isEqualTo("my-elser");
  }

  @Test
  void referencesListsTheHoldersOfAnEndpoint() {
    InferencePath path = InferencePath.parse("/_inference/my-elser/_references");

    assertThat(path.kind()).isEqualTo(Kind.REFERENCES);
    assertThat(path.id()).isEqualTo("my-elser");
    assertThat(path.holder()).isNull();
    assertThat(path.taskType()).isNull();
  }

  @Test
  void referencesWithAHolderNamesOneReference() {
    InferencePath path = InferencePath.parse("/_inference/my-elser/_references/search-service");

    assertThat(path.kind()).isEqualTo(Kind.REFERENCE);
    assertThat(path.id()).isEqualTo("my-elser");
    assertThat(path.holder()).isEqualTo("search-service");
  }

  @Test
  void eventsIsTheEventStream() {
    InferencePath path = InferencePath.parse("/_inference/_events");

    assertThat(path.kind()).isEqualTo(Kind.EVENTS);
    assertThat(path.id()).isNull();
    assertThat(path.isList()).isFalse();
  }

  @Test
  void eventsUnderATaskTypeIsAnInvalidId() {
    InferencePath path = InferencePath.parse("/_inference/text_embedding/_events");

    assertThat(path.kind()).isEqualTo(Kind.ENDPOINT);
    assertThat(errorOf(() -> path.existingId())).isEqualTo(invalidId("_events"));
  }

  @Test
  void aTrailingSlashIsIgnored() {
    assertThat(InferencePath.parse("/_inference/my-elser/"))
        .isEqualTo(new InferencePath(Kind.ENDPOINT, null, "my-elser", null));
    assertThat(InferencePath.parse("/_inference/completion/my-elser/"))
        .isEqualTo(new InferencePath(Kind.ENDPOINT, TaskType.COMPLETION, "my-elser", null));
    assertThat(InferencePath.parse("/_inference/my-elser/_update/"))
        .isEqualTo(new InferencePath(Kind.UPDATE, null, "my-elser", null));
    assertThat(InferencePath.parse("/_inference/my-elser/_references/svc/"))
        .isEqualTo(new InferencePath(Kind.REFERENCE, null, "my-elser", "svc"));
    assertThat(InferencePath.parse("/_inference/_events/").kind()).isEqualTo(Kind.EVENTS);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/_inference/a/b/c",
      "/_inference/text_embedding/my-elser/_references",
      "/_inference/my-elser/_update/extra",
      "/_inference/my-elser/_references/svc/extra",
      "/_inference/text_embedding/my-elser/_update/extra",
      "/_inference/a/b/c/d/e"})
  void shapesWithoutARouteAreNull(String raw) {
    assertThat(InferencePath.parse(raw)).isNull();
  }

  @Test
  void unknownTaskTypeIsA400StatusException() {
    EsError unknown = new EsError(400, "status_exception", "Unknown task_type [bad]");

    assertThat(errorOf(() -> InferencePath.parse("/_inference/bad/my-elser"))).isEqualTo(unknown);
    assertThat(errorOf(() -> InferencePath.parse("/_inference/bad/_all"))).isEqualTo(unknown);
    assertThat(errorOf(() -> InferencePath.parse("/_inference/bad/my-elser/_update"))).isEqualTo(unknown);
  }

  @Test
  void theUnknownTaskTypeIsEchoedAsSent() {
    assertThat(errorOf(() -> InferencePath.parse("/_inference/Text-Embedding/x")).reason())
        .isEqualTo("Unknown task_type [Text-Embedding]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"My-Elser", "has space", "-leading", "trailing-", "trailing.", "_underscore", "a!b", "é"})
  void invalidIdsFailWithTheValidationError(String id) {
    InferencePath path = new InferencePath(Kind.ENDPOINT, null, id, null);

    assertThat(errorOf(() -> path.validId())).isEqualTo(invalidId(id));
    assertThat(errorOf(() -> path.existingId())).isEqualTo(invalidId(id));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a", "7", "my-elser", "my_elser", "e5.small", "a-b_c.d9"})
  void validIdsPass(String id) {
    InferencePath path = InferencePath.parse("/_inference/text_embedding/" + id);

    assertThat(path.validId()).isEqualTo(id);
    assertThat(path.existingId()).isEqualTo(id);
  }

  @Test
  void aLeadingDotNamesAnExistingPreconfiguredEndpointButCannotBeCreated() {
    InferencePath path = InferencePath.parse("/_inference/.elser-default");

    assertThat(path.existingId()).isEqualTo(".elser-default");
    assertThat(errorOf(() -> path.validId())).isEqualTo(invalidId(".elser-default"));
  }

  @Test
  void anIdOverTheLengthLimitIsRefusedWithoutBeingEchoed() {
    String id = "a".repeat(256);
    InferencePath path = InferencePath.parse("/_inference/" + id);

    EsError error = errorOf(() -> path.existingId());
    assertThat(error).isEqualTo(new EsError(400, "action_request_validation_exception",
        "Validation Failed: 1: Invalid inference_id; it is 256 characters long, and must be at most 255;"));
    assertThat(InferencePath.parse("/_inference/" + "a".repeat(255)).validId()).hasSize(255);
  }

  @Test
  void percentEncodedSegmentsAreDecodedBeforeTheyAreRead() {
    assertThat(InferencePath.parse("/_inference/my%2Delser").id()).isEqualTo("my-elser");
    assertThat(InferencePath.parse("/_inference/text%5Fembedding/x").taskType()).isEqualTo(TaskType.TEXT_EMBEDDING);
    assertThat(InferencePath.parse("/_inference/my-elser/_references/svc%20one").holder()).isEqualTo("svc one");
    assertThat(InferencePath.parse("/_inference/%5Fevents").kind()).isEqualTo(Kind.EVENTS);
  }

  @Test
  void anEncodedSlashStaysInsideItsSegmentAndFailsIdValidation() {
    InferencePath path = InferencePath.parse("/_inference/a%2Fb");

    assertThat(path.kind()).isEqualTo(Kind.ENDPOINT);
    assertThat(path.id()).isEqualTo("a/b");
    assertThat(errorOf(() -> path.existingId())).isEqualTo(invalidId("a/b"));
  }

  @Test
  void dotSegmentsReachIdValidationInsteadOfBeingResolved() {
    InferencePath dots = InferencePath.parse("/_inference/..");
    assertThat(dots.id()).isEqualTo("..");
    assertThat(errorOf(() -> dots.existingId())).isEqualTo(invalidId(".."));

    InferencePath encoded = InferencePath.parse("/_inference/sparse_embedding/%2e%2e");
    assertThat(encoded.id()).isEqualTo("..");
    assertThat(errorOf(() -> encoded.existingId())).isEqualTo(invalidId(".."));
  }

  @Test
  void aPlusInThePathIsLiteralNotASpace() {
    InferencePath path = InferencePath.parse("/_inference/a+b");

    assertThat(path.id()).isEqualTo("a+b");
    assertThat(errorOf(() -> path.existingId())).isEqualTo(invalidId("a+b"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"bad%zzescape", "trailing%", "half%2"})
  void aBrokenPercentEscapeIsA400IllegalArgument(String segment) {
    HttpFailure failure = catchThrowableOfType(HttpFailure.class,
        () -> InferencePath.parse("/_inference/" + segment));

    assertThat(failure).isNotNull();
    assertThat(failure.status()).isEqualTo(400);
    assertThat(failure.error()).isEqualTo(new EsError(400, "illegal_argument_exception",
        "invalid escape sequence in path segment [" + segment + "]"));
  }

  private static EsError invalidId(String id) {
    return new EsError(400, "action_request_validation_exception",
        "Validation Failed: 1: Invalid inference_id; '" + id + INVALID_ID_SUFFIX);
  }

  private static EsError errorOf(ThrowingCallable action) {
    EsException failure = catchThrowableOfType(EsException.class, action);
    assertThat(failure).as("an EsException").isNotNull();
    return failure.error();
  }
}
