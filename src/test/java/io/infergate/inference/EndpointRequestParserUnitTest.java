package io.infergate.inference;

import static io.infergate.inference.TaskType.CHAT_COMPLETION;
import static io.infergate.inference.TaskType.COMPLETION;
import static io.infergate.inference.TaskType.RERANK;
import static io.infergate.inference.TaskType.SPARSE_EMBEDDING;
import static io.infergate.inference.TaskType.TEXT_EMBEDDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The body of {@code PUT /_inference/...} and of {@code _update}: what each service accepts (the README's
 * table), the Elasticsearch errors of DESIGN.md section 3, and secrets kept out of the public endpoint.
 */
class EndpointRequestParserUnitTest {

  private static final String SECRET = "sk-unit-test-secret-4d1e";

  /** The README's table: the task types each service accepts. */
  private static final Map<String, Set<TaskType>> TASK_TYPES = Map.of(
      "openai", EnumSet.of(TEXT_EMBEDDING, COMPLETION, CHAT_COMPLETION),
      "hugging_face", EnumSet.of(TEXT_EMBEDDING, SPARSE_EMBEDDING, RERANK, COMPLETION, CHAT_COMPLETION),
      "cohere", EnumSet.of(TEXT_EMBEDDING, RERANK, COMPLETION),
      "elasticsearch", EnumSet.of(TEXT_EMBEDDING));

  /** The README's table: the required service settings of each service. */
  private static final Map<String, List<String>> REQUIRED = Map.of(
      "openai", List.of("api_key", "model_id"),
      "hugging_face", List.of("api_key", "url"),
      "cohere", List.of("api_key"),
      "elasticsearch", List.of("model_id"));

  private final EndpointRequestParser parser = new EndpointRequestParser(ServiceCatalog.builtIn());

  @Test
  void theCatalogHasTheServicesOfTheReadme() {
    assertThat(ServiceCatalog.builtIn().names()).containsExactly("cohere", "elasticsearch", "hugging_face", "openai");
  }

  static Stream<Arguments> everyServiceAndTaskType() {
    return TASK_TYPES.keySet().stream().sorted()
        .flatMap(service -> Stream.of(TaskType.values()).map(taskType -> Arguments.of(service, taskType)));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyServiceAndTaskType")
  void eachServiceAcceptsExactlyTheTaskTypesOfTheReadme(String service, TaskType taskType) {
    JsonObject body = minimal(service);
    if (TASK_TYPES.get(service).contains(taskType)) {
      assertThat(parser.parse(taskType, "e", body).taskType()).isEqualTo(taskType.wireName());
    } else {
      assertThat(errorOf(() -> parser.parse(taskType, "e", body))).isEqualTo(status(
          "The [" + service + "] service does not support task type [" + taskType.wireName() + "]"));
    }
  }

  static Stream<Arguments> everyRequiredSetting() {
    return REQUIRED.entrySet().stream()
        .flatMap(entry -> entry.getValue().stream().map(setting -> Arguments.of(entry.getKey(), setting)));
  }

  @ParameterizedTest(name = "{0} without {1}")
  @MethodSource("everyRequiredSetting")
  void eachRequiredServiceSettingIsRequired(String service, String setting) {
    JsonObject body = minimal(service);
    body.getJsonObject("service_settings").remove(setting);

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body))).isEqualTo(validation(
        "Validation Failed: 1: [service_settings] does not contain the required setting [" + setting + "];"));
  }

  @Test
  void everyMissingSettingIsReportedInOneError() {
    JsonObject body = new JsonObject().put("service", "openai").put("service_settings", new JsonObject());

    EsError error = errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body));
    assertThat(error.type()).isEqualTo("validation_exception");
    assertThat(error.reason()).startsWith("Validation Failed: 1: ")
        .contains("[service_settings] does not contain the required setting [api_key];")
        .contains("[service_settings] does not contain the required setting [model_id];")
        .contains(";2: ");
  }

  @Test
  void openAiWithEveryOptionalSetting() {
    JsonObject settings = new JsonObject().put("api_key", SECRET).put("model_id", "text-embedding-3-small")
        .put("url", "https://openai.example/v1/embeddings").put("organization_id", "org-1").put("dimensions", 512)
        .put("similarity", "dot_product").put("max_input_tokens", 8191)
        .put("rate_limit", new JsonObject().put("requests_per_minute", 500));
    JsonObject body = new JsonObject().put("service", "openai").put("service_settings", settings)
        .put("task_settings", new JsonObject().put("user", "alice"));

    EndpointDefinition endpoint = parser.parse(TEXT_EMBEDDING, "openai-small", body);

    JsonObject publicSettings = settings.copy();
    publicSettings.remove("api_key");
    assertThat(endpoint.publicJson()).isEqualTo(new JsonObject().put("inference_id", "openai-small")
        .put("task_type", "text_embedding").put("service", "openai").put("service_settings", publicSettings)
        .put("task_settings", new JsonObject().put("user", "alice")));
    assertThat(endpoint.secretSettings()).isEqualTo(new JsonObject().put("api_key", SECRET));
  }

  @Test
  void huggingFaceWithChunkingSettings() {
    JsonObject chunking = new JsonObject().put("strategy", "sentence").put("max_chunk_size", 250)
        .put("sentence_overlap", 1);
    JsonObject body = minimal("hugging_face").put("chunking_settings", chunking);
    body.getJsonObject("service_settings").put("similarity", "cosine").put("dimensions", 384);

    EndpointDefinition endpoint = parser.parse(SPARSE_EMBEDDING, "my-elser", body);

    assertThat(endpoint.service()).isEqualTo("hugging_face");
    assertThat(endpoint.taskType()).isEqualTo("sparse_embedding");
    assertThat(endpoint.serviceSettings()).isEqualTo(new JsonObject().put("url", "https://hf.example/models/elser")
        .put("similarity", "cosine").put("dimensions", 384));
    assertThat(endpoint.chunkingSettings()).isEqualTo(chunking);
    assertThat(endpoint.publicJson().getJsonObject("chunking_settings")).isEqualTo(chunking);
  }

  @Test
  void cohereRerankWithTaskSettings() {
    JsonObject taskSettings = new JsonObject().put("top_n", 3).put("return_documents", true)
        .put("truncate", "END").put("input_type", "search");
    JsonObject body = minimal("cohere").put("task_settings", taskSettings);
    body.getJsonObject("service_settings").put("model_id", "rerank-v3.5");

    EndpointDefinition endpoint = parser.parse(RERANK, "cohere-rerank", body);

    assertThat(endpoint.serviceSettings()).isEqualTo(new JsonObject().put("model_id", "rerank-v3.5"));
    assertThat(endpoint.taskSettings()).isEqualTo(taskSettings);
    assertThat(endpoint.publicJson().getJsonObject("task_settings")).isEqualTo(taskSettings);
  }

  @Test
  void cohereEmbeddingWithEveryOptionalServiceSetting() {
    JsonObject body = minimal("cohere");
    body.getJsonObject("service_settings").put("model_id", "embed-english-v3.0").put("url", "https://cohere.example")
        .put("embedding_type", "int8").put("dimensions", 1024).put("similarity", "l2_norm")
        .put("max_input_tokens", 512).put("rate_limit", new JsonObject().put("requests_per_minute", 10));

    EndpointDefinition endpoint = parser.parse(TEXT_EMBEDDING, "cohere-embed", body);

    assertThat(endpoint.serviceSettings().fieldNames()).containsExactlyInAnyOrder("model_id", "url",
        "embedding_type", "dimensions", "similarity", "max_input_tokens", "rate_limit");
  }

  @Test
  void theApiKeyGoesToTheSecretsAndNeverIntoThePublicEndpoint() {
    EndpointDefinition endpoint = parser.parse(TEXT_EMBEDDING, "e", minimal("openai"));

    assertThat(endpoint.secretSettings()).isEqualTo(new JsonObject().put("api_key", SECRET));
    assertThat(endpoint.serviceSettings().containsKey("api_key")).isFalse();
    assertThat(endpoint.publicJson().encode()).doesNotContain(SECRET).doesNotContain("api_key");
    assertThat(endpoint.secretSettings().getString("api_key")).isEqualTo(SECRET);
  }

  @Test
  void emptyTaskSettingsAreOmittedFromTheEndpoint() {
    JsonObject body = minimal("openai").put("task_settings", new JsonObject());

    JsonObject json = parser.parse(TEXT_EMBEDDING, "e", body).publicJson();

    assertThat(json.containsKey("task_settings")).isFalse();
    assertThat(json.containsKey("chunking_settings")).isFalse();
  }

  @Test
  void aMissingServiceIsA400() {
    JsonObject body = minimal("openai");
    body.remove("service");

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body)))
        .isEqualTo(status("Inference endpoint configuration is missing the [service] setting"));
  }

  @Test
  void anUnknownServiceIsA400() {
    JsonObject body = minimal("openai").put("service", "x");

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body))).isEqualTo(status("Unknown service [x]"));
  }

  @Test
  void aServiceThatIsNotAStringIsATypeError() {
    JsonObject body = minimal("openai").put("service", new JsonArray().add("openai"));

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body))).isEqualTo(validation(
        "Validation Failed: 1: field [service] is not of the expected type; it must be a [String];"));
  }

  @Test
  void missingServiceSettingsIsA400StatusException() {
    JsonObject body = new JsonObject().put("service", "openai");

    EsError error = errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body));
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.type()).isEqualTo("status_exception");
    assertThat(error.reason()).contains("[service_settings]");
  }

  @Test
  void serviceSettingsThatAreNotAnObjectAreATypeError() {
    JsonObject body = new JsonObject().put("service", "openai").put("service_settings", "sk-key");

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body))).isEqualTo(validation(
        "Validation Failed: 1: field [service_settings] is not of the expected type; it must be a [Map];"));
  }

  @Test
  void taskTypeFromTheBodyWhenThePathHasNone() {
    JsonObject body = minimal("openai").put("task_type", "chat_completion");

    assertThat(parser.parse(null, "e", body).taskType()).isEqualTo("chat_completion");
  }

  @Test
  void missingTaskTypeIsA400() {
    assertThat(errorOf(() -> parser.parse(null, "e", minimal("openai"))))
        .isEqualTo(status("model is missing required setting [task_type]"));
  }

  @Test
  void aBodyTaskTypeThatDiffersFromThePathIsAConflict() {
    JsonObject body = minimal("hugging_face").put("task_type", "sparse_embedding");

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body))).isEqualTo(status(
        "Cannot resolve conflicting task_type parameter in the request URL [text_embedding] "
            + "and the request body [sparse_embedding]"));
  }

  @Test
  void aBodyTaskTypeThatMatchesThePathInAnotherCaseIsNoConflict() {
    JsonObject body = minimal("hugging_face").put("task_type", "SPARSE_EMBEDDING");

    assertThat(parser.parse(SPARSE_EMBEDDING, "e", body).taskType()).isEqualTo("sparse_embedding");
  }

  @Test
  void anUnknownTaskTypeInTheBodyIsA400() {
    JsonObject body = minimal("openai").put("task_type", "bad");

    assertThat(errorOf(() -> parser.parse(null, "e", body))).isEqualTo(status("Unknown task_type [bad]"));
  }

  @Test
  void unknownServiceSettingsAreNamedWithoutTheirValues() {
    JsonObject body = minimal("openai");
    body.getJsonObject("service_settings").put("secret_token", SECRET).put("api_base", "x");

    EsError error = errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body));
    assertThat(error).isEqualTo(status(
        "Configuration contains settings [api_base, secret_token] unknown to the [openai] service"));
    assertThat(error.reason()).doesNotContain(SECRET);
  }

  @Test
  void anUnknownTopLevelKeyIsRefused() {
    JsonObject body = minimal("openai").put("servce_settings", new JsonObject());

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body)))
        .isEqualTo(status("Configuration contains settings [servce_settings] unknown to the [openai] service"));
  }

  @Test
  void unknownTaskSettingsAreRefused() {
    JsonObject body = minimal("hugging_face").put("task_settings", new JsonObject().put("user", "alice"));

    assertThat(errorOf(() -> parser.parse(SPARSE_EMBEDDING, "e", body)))
        .isEqualTo(status("Configuration contains settings [user] unknown to the [hugging_face] service"));
  }

  @Test
  void unknownRateLimitSettingsAreRefused() {
    JsonObject body = minimal("openai");
    body.getJsonObject("service_settings").put("rate_limit", new JsonObject().put("requests_per_hour", 5));

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body)))
        .isEqualTo(status("Configuration contains settings [requests_per_hour] unknown to the [openai] service"));
  }

  @Test
  void aSecretOfTheWrongTypeIsATypeErrorThatDoesNotEchoIt() {
    JsonObject body = minimal("hugging_face");
    body.getJsonObject("service_settings").put("api_key", 987654321);

    EsError error = errorOf(() -> parser.parse(SPARSE_EMBEDDING, "e", body));
    assertThat(error).isEqualTo(validation("Validation Failed: 1: [service_settings] field [api_key] is not of the "
        + "expected type; it must be a [String];"));
    assertThat(error.reason()).doesNotContain("987654321");
  }

  @Test
  void settingsOfTheWrongTypeAreTypeErrors() {
    JsonObject body = minimal("cohere").put("task_settings", new JsonObject().put("return_documents", "yes"));
    body.getJsonObject("service_settings").put("dimensions", "512")
        .put("rate_limit", new JsonObject().put("requests_per_minute", "lots"));

    EsError error = errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body));
    assertThat(error.type()).isEqualTo("validation_exception");
    assertThat(error.reason())
        .contains("[service_settings] field [dimensions] is not of the expected type; it must be a [positive Integer]")
        .contains("[task_settings] field [return_documents] is not of the expected type; it must be a [Boolean]")
        .contains("[rate_limit] field [requests_per_minute] is not of the expected type; "
            + "it must be a [positive Integer]");
  }

  @Test
  void aRateLimitThatIsNotAnObjectIsATypeError() {
    JsonObject body = minimal("openai");
    body.getJsonObject("service_settings").put("rate_limit", 100);

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body))).isEqualTo(validation(
        "Validation Failed: 1: [service_settings] field [rate_limit] is not of the expected type; "
            + "it must be a [Map];"));
  }

  @Test
  void theCacheIsAcceptedForEveryServicesEmbeddingAndRerankEndpoints() {
    JsonObject cache = new JsonObject().put("enabled", true);
    TASK_TYPES.forEach((service, taskTypes) -> {
      for (TaskType taskType : EnumSet.of(TEXT_EMBEDDING, SPARSE_EMBEDDING, RERANK)) {
        if (taskTypes.contains(taskType)) {
          JsonObject body = minimal(service);
          body.getJsonObject("service_settings").put("cache", cache);
          assertThat(parser.parse(taskType, "e", body).serviceSettings().getJsonObject("cache"))
              .as("%s %s", service, taskType).isEqualTo(cache);
        }
      }
    });
  }

  @Test
  void aCacheForAnotherTaskTypeIsA400() {
    for (TaskType taskType : List.of(COMPLETION, CHAT_COMPLETION)) {
      JsonObject body = minimal("openai");
      body.getJsonObject("service_settings").put("cache", new JsonObject().put("enabled", true));

      assertThat(errorOf(() -> parser.parse(taskType, "e", body))).as("%s", taskType)
          .isEqualTo(status("Configuration contains settings [cache] unknown to the [openai] service"));
    }
    assertThat(errorOf(() -> parser.parseUpdate("openai", "completion", "e", new JsonObject().put("service_settings",
        new JsonObject().put("cache", new JsonObject().put("enabled", true))))))
        .isEqualTo(status("Configuration contains settings [cache] unknown to the [openai] service"));
  }

  @Test
  void cacheEnabledMustBeABoolean() {
    for (Object enabled : new Object[] {"true", 1, new JsonObject()}) {
      JsonObject body = minimal("cohere");
      body.getJsonObject("service_settings").put("cache", new JsonObject().put("enabled", enabled));

      assertThat(errorOf(() -> parser.parse(RERANK, "e", body))).as("%s", enabled).isEqualTo(validation(
          "Validation Failed: 1: [cache] field [enabled] is not of the expected type; it must be a [Boolean];"));
    }
  }

  @Test
  void unknownCacheSettingsAndACacheThatIsNotAnObjectAreRefused() {
    JsonObject unknown = minimal("hugging_face");
    unknown.getJsonObject("service_settings").put("cache", new JsonObject().put("enabled", true).put("ttl", "1h"));
    assertThat(errorOf(() -> parser.parse(SPARSE_EMBEDDING, "e", unknown)))
        .isEqualTo(status("Configuration contains settings [ttl] unknown to the [hugging_face] service"));

    JsonObject notAnObject = minimal("elasticsearch");
    notAnObject.getJsonObject("service_settings").put("cache", true);
    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", notAnObject))).isEqualTo(validation(
        "Validation Failed: 1: [service_settings] field [cache] is not of the expected type; it must be a [Map];"));
  }

  @Test
  void anUpdateMayTurnTheCacheOnOrOff() {
    EndpointDefinition changes = parser.parseUpdate("openai", "text_embedding", "e", new JsonObject()
        .put("service_settings", new JsonObject().put("cache", new JsonObject().put("enabled", false))));

    assertThat(changes.serviceSettings()).isEqualTo(new JsonObject().put("cache", new JsonObject().put("enabled", false)));
  }

  @Test
  void zeroOrNegativeDimensionsAreRefused() {
    for (int dimensions : new int[] {0, -1}) {
      JsonObject body = minimal("openai");
      body.getJsonObject("service_settings").put("dimensions", dimensions);

      EsError error = errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body));
      assertThat(error.type()).as("dimensions %s", dimensions).isEqualTo("validation_exception");
      assertThat(error.reason()).as("dimensions %s", dimensions)
          .contains("[service_settings]").contains("[dimensions]");
    }
  }

  @Test
  void anEmptyRequiredStringIsRefused() {
    JsonObject body = minimal("hugging_face");
    body.getJsonObject("service_settings").put("url", "");

    assertThat(errorOf(() -> parser.parse(SPARSE_EMBEDDING, "e", body))).isEqualTo(validation(
        "Validation Failed: 1: [service_settings] Invalid value empty string. [url] must be a non-empty string;"));
  }

  @Test
  void everyServiceTakesATimeoutAsATimeValue() {
    for (String service : TASK_TYPES.keySet()) {
      JsonObject body = minimal(service).put("task_settings", new JsonObject().put("timeout", "45s"));
      assertThat(parser.parse(TEXT_EMBEDDING, "e", body).taskSettings().getString("timeout")).as(service)
          .isEqualTo("45s");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"45", "soon", "1y", "-1s", "45 s"})
  void aTimeoutThatIsNoTimeValueIsRefused(String timeout) {
    JsonObject body = minimal("openai").put("task_settings", new JsonObject().put("timeout", timeout));

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body))).isEqualTo(validation(
        "Validation Failed: 1: [task_settings] Invalid time value [" + timeout + "]. [timeout] must be a valid time "
            + "value string: failed to parse setting [timeout] with value [" + timeout
            + "] as a time value: unit is missing or unrecognized;"));
  }

  @Test
  void aTimeoutThatIsNoStringIsATypeError() {
    JsonObject body = minimal("cohere").put("task_settings", new JsonObject().put("timeout", 45));

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body))).isEqualTo(validation(
        "Validation Failed: 1: [task_settings] field [timeout] is not of the expected type; it must be a [String];"));
  }

  @Test
  void aValueOutsideAnEnumerationListsTheAllowedValues() {
    JsonObject body = minimal("openai");
    body.getJsonObject("service_settings").put("similarity", "manhattan");

    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body))).isEqualTo(validation(
        "Validation Failed: 1: [service_settings] Invalid value [manhattan] received. [similarity] must be one of "
            + "[cosine, dot_product, l2_norm];"));
  }

  @Test
  void chunkingSettingsOnlyForEmbeddingTaskTypes() {
    JsonObject body = minimal("cohere").put("chunking_settings", wordChunking());

    EsError error = errorOf(() -> parser.parse(RERANK, "e", body));
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.type()).isEqualTo("status_exception");
    assertThat(parser.parse(TEXT_EMBEDDING, "e", body).chunkingSettings()).isEqualTo(wordChunking());
  }

  @Test
  void eachChunkingStrategyTakesItsOwnSettingsAndAMaximumChunkSize() {
    JsonObject sentenceWithOverlap = minimal("cohere").put("chunking_settings",
        new JsonObject().put("strategy", "sentence").put("overlap", 5));
    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", sentenceWithOverlap)).reason()).isEqualTo(
        "Validation Failed: 1: Sentence based chunking settings can not have the following settings: [overlap];"
            + "2: [chunking_settings] does not contain the required setting [max_chunk_size];");
    JsonObject noneWithSize = minimal("cohere").put("chunking_settings",
        new JsonObject().put("strategy", "none").put("max_chunk_size", 50));
    assertThat(errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", noneWithSize)).reason())
        .contains("None chunking settings can not have the following settings: [max_chunk_size]");
    JsonObject sentence = minimal("cohere").put("chunking_settings",
        new JsonObject().put("strategy", "sentence").put("max_chunk_size", 50).put("sentence_overlap", 1));
    assertThat(parser.parse(TEXT_EMBEDDING, "e", sentence).chunkingSettings().getInteger("max_chunk_size")).isEqualTo(50);
  }

  static JsonObject wordChunking() {
    return new JsonObject().put("strategy", "word").put("max_chunk_size", 100).put("overlap", 50);
  }

  @Test
  void anUnknownChunkingStrategyIsRefused() {
    JsonObject body = minimal("hugging_face").put("chunking_settings", new JsonObject().put("strategy", "paragraph"));

    EsError error = errorOf(() -> parser.parse(SPARSE_EMBEDDING, "e", body));
    assertThat(error.type()).isEqualTo("validation_exception");
    assertThat(error.reason()).contains("[chunking_settings]").contains("[paragraph]").contains("[strategy]");
  }

  @Test
  void unknownChunkingSettingsAreRefused() {
    JsonObject body = minimal("hugging_face")
        .put("chunking_settings", new JsonObject().put("strategy", "word").put("window", 3));

    assertThat(errorOf(() -> parser.parse(SPARSE_EMBEDDING, "e", body)))
        .isEqualTo(status("Configuration contains settings [window] unknown to the [hugging_face] service"));
  }

  /** {@code PUT /_inference/[task_type/]{id}/_update}: the changes to merge into a stored endpoint. */
  @Nested
  class Update {

    @Test
    void onlyTheChangedSettingsAreNeeded() {
      JsonObject body = new JsonObject().put("service_settings", new JsonObject().put("api_key", "sk-new"));

      EndpointDefinition changes = parser.parseUpdate("openai", "text_embedding", "e", body);

      assertThat(changes.inferenceId()).isEqualTo("e");
      assertThat(changes.service()).isEqualTo("openai");
      assertThat(changes.taskType()).isEqualTo("text_embedding");
      assertThat(changes.serviceSettings()).isEqualTo(new JsonObject());
      assertThat(changes.secretSettings()).isEqualTo(new JsonObject().put("api_key", "sk-new"));
      assertThat(changes.chunkingSettings()).isNull();
    }

    @Test
    void taskSettingsAloneAreAnUpdate() {
      JsonObject body = new JsonObject().put("task_settings", new JsonObject().put("top_n", 5));

      EndpointDefinition changes = parser.parseUpdate("cohere", "rerank", "e", body);

      assertThat(changes.taskSettings()).isEqualTo(new JsonObject().put("top_n", 5));
      assertThat(changes.serviceSettings()).isEqualTo(new JsonObject());
    }

    @Test
    void theSameServiceAndTaskTypeMayBeRepeated() {
      JsonObject body = new JsonObject().put("service", "openai").put("task_type", "text_embedding")
          .put("service_settings", new JsonObject().put("dimensions", 256));

      assertThat(parser.parseUpdate("openai", "text_embedding", "e", body).serviceSettings())
          .isEqualTo(new JsonObject().put("dimensions", 256));
    }

    @Test
    void theServiceCannotChange() {
      JsonObject body = new JsonObject().put("service", "cohere")
          .put("service_settings", new JsonObject().put("api_key", "k"));

      assertThat(errorOf(() -> parser.parseUpdate("openai", "text_embedding", "e", body)))
          .isEqualTo(status("The service of an inference endpoint cannot be changed; it is [openai]"));
    }

    @Test
    void theTaskTypeCannotChange() {
      JsonObject body = new JsonObject().put("task_type", "completion")
          .put("service_settings", new JsonObject().put("api_key", "k"));

      assertThat(errorOf(() -> parser.parseUpdate("openai", "text_embedding", "e", body)))
          .isEqualTo(status("The task type of an inference endpoint cannot be changed; it is [text_embedding]"));
    }

    @Test
    void anUpdateThatChangesNothingIsAValidationError() {
      EsError nothing = new EsError(400, "action_request_validation_exception", "Validation Failed: 1: the update "
          + "changes nothing: give service_settings, task_settings or chunking_settings;");

      assertThat(errorOf(() -> parser.parseUpdate("openai", "text_embedding", "e", new JsonObject())))
          .isEqualTo(nothing);
      assertThat(errorOf(() -> parser.parseUpdate("openai", "text_embedding", "e",
          new JsonObject().put("service", "openai").put("service_settings", new JsonObject())))).isEqualTo(nothing);
    }

    @Test
    void unknownSettingsAreRefused() {
      JsonObject body = new JsonObject().put("service_settings", new JsonObject().put("temperature", 1));

      assertThat(errorOf(() -> parser.parseUpdate("openai", "completion", "e", body)))
          .isEqualTo(status("Configuration contains settings [temperature] unknown to the [openai] service"));
    }

    @Test
    void aTimeoutIsCheckedAsOnPut() {
      JsonObject good = new JsonObject().put("task_settings", new JsonObject().put("timeout", "2m"));
      assertThat(parser.parseUpdate("hugging_face", "rerank", "e", good).taskSettings().getString("timeout"))
          .isEqualTo("2m");
      JsonObject bad = new JsonObject().put("task_settings", new JsonObject().put("timeout", "2 minutes"));

      assertThat(errorOf(() -> parser.parseUpdate("hugging_face", "rerank", "e", bad))).isEqualTo(validation(
          "Validation Failed: 1: [task_settings] Invalid time value [2 minutes]. [timeout] must be a valid time value "
              + "string: failed to parse setting [timeout] with value [2 minutes] as a time value: unit is missing "
              + "or unrecognized;"));
    }

    @Test
    void typesAreStillChecked() {
      JsonObject body = new JsonObject().put("service_settings", new JsonObject().put("api_key", 42));

      EsError error = errorOf(() -> parser.parseUpdate("hugging_face", "sparse_embedding", "e", body));
      assertThat(error).isEqualTo(validation("Validation Failed: 1: [service_settings] field [api_key] is not of the "
          + "expected type; it must be a [String];"));
    }

    @Test
    void chunkingSettingsOnlyForEmbeddingTaskTypes() {
      JsonObject body = new JsonObject().put("chunking_settings", wordChunking());

      EsError error = errorOf(() -> parser.parseUpdate("cohere", "rerank", "e", body));
      assertThat(error.status()).isEqualTo(400);
      assertThat(error.type()).isEqualTo("status_exception");
      assertThat(parser.parseUpdate("cohere", "text_embedding", "e", body).chunkingSettings()).isEqualTo(wordChunking());
    }
  }

  private static JsonObject minimal(String service) {
    JsonObject settings = new JsonObject().put("api_key", SECRET);
    switch (service) {
      case "elasticsearch" -> {
        return new JsonObject().put("service", service).put("service_settings",
            new JsonObject().put("model_id", ServiceCatalog.BUILT_IN_MODEL_ID));
      }
      case "openai" -> settings.put("model_id", "text-embedding-3-small");
      case "hugging_face" -> settings.put("url", "https://hf.example/models/elser");
      default -> { }
    }
    return new JsonObject().put("service", service).put("service_settings", settings);
  }

  private static EsError status(String reason) {
    return new EsError(400, "status_exception", reason);
  }

  private static EsError validation(String reason) {
    return new EsError(400, "validation_exception", reason);
  }

  private static EsError errorOf(ThrowingCallable action) {
    EsException failure = catchThrowableOfType(EsException.class, action);
    assertThat(failure).as("an EsException").isNotNull();
    return failure.error();
  }

  @Test
  void integersBeyondAnIntAreRefusedNotWrapped() {
    for (Object dimensions : new Object[] {2147483648L, 99999999999L, 0, -1, 1.5}) {
      JsonObject body = minimal("openai");
      body.getJsonObject("service_settings").put("dimensions", dimensions);
      EsError error = errorOf(() -> parser.parse(TEXT_EMBEDDING, "e", body));
      assertThat(error.status()).as("%s", dimensions).isEqualTo(400);
      assertThat(error.reason()).as("%s", dimensions).contains("[service_settings] field [dimensions] is not of the "
          + "expected type; it must be a [positive Integer]");
    }
  }
}
