package io.infergate.inference.perform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.infergate.inference.ServiceCatalog;
import io.infergate.inference.TaskType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The perform body's rules, with the messages of Elasticsearch's ClusterAction.Request. */
class PerformRequestParserUnitTest {

  private final PerformRequestParser parser = new PerformRequestParser(ServiceCatalog.builtIn());

  @Test
  void aSingleStringIsOneInput() {
    PerformRequest request = parse(TaskType.TEXT_EMBEDDING, "openai", new JsonObject().put("input", "hello"));
    assertThat(request.input()).containsExactly("hello");
    assertThat(request.timeoutMs()).isEqualTo(30_000);
  }

  @Test
  void inputIsRequiredAndNotEmpty() {
    assertThat(error(TaskType.TEXT_EMBEDDING, "openai", new JsonObject()).reason())
        .isEqualTo("Validation Failed: 1: Field [input] cannot be null;");
    assertThat(error(TaskType.TEXT_EMBEDDING, "openai", new JsonObject().put("input", new JsonArray())).reason())
        .isEqualTo("Validation Failed: 1: Field [input] cannot be an empty array;");
  }

  @Test
  void tooManyInputsNeverReachAProvider() {
    JsonArray many = new JsonArray(Collections.nCopies(10_000, "x"));
    EsError error = error(TaskType.TEXT_EMBEDDING, "openai", new JsonObject().put("input", many));
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.reason()).contains("cannot contain more than [4096] elements, got [10000]");
  }

  @Test
  void rerankNeedsAQueryAndOnlyRerankTakesItsOptions() {
    assertThat(error(TaskType.RERANK, "cohere", new JsonObject().put("input", "a")).reason())
        .isEqualTo("Validation Failed: 1: Field [query] cannot be null for task type [rerank];");
    assertThat(error(TaskType.TEXT_EMBEDDING, "cohere",
        new JsonObject().put("input", "a").put("return_documents", true)).reason())
        .isEqualTo("Validation Failed: 1: Field [return_documents] cannot be specified for task type [text_embedding];");
    assertThat(error(TaskType.COMPLETION, "cohere", new JsonObject().put("input", "a").put("top_n", 2)).reason())
        .isEqualTo("Validation Failed: 1: Field [top_n] cannot be specified for task type [completion];");
    PerformRequest rerank = parse(TaskType.RERANK, "cohere", new JsonObject().put("input", new JsonArray().add("a").add("b"))
        .put("query", "q").put("return_documents", true).put("top_n", 1));
    assertThat(rerank.query()).isEqualTo("q");
    assertThat(rerank.topN()).isEqualTo(1);
  }

  @Test
  void inputTypeOnlyForTextEmbeddingAndOnlyWhereTheServiceTakesIt() {
    assertThat(error(TaskType.RERANK, "cohere",
        new JsonObject().put("input", "a").put("query", "q").put("input_type", "search")).reason())
        .isEqualTo("Validation Failed: 1: Field [input_type] cannot be specified for task type [rerank];");
    EsError unsupported = error(TaskType.TEXT_EMBEDDING, "openai",
        new JsonObject().put("input", "a").put("input_type", "ingest"));
    assertThat(unsupported.reason()).isEqualTo(
        "Validation Failed: 1: Invalid input_type [ingest]. The input_type option is not supported by this service;");
    assertThat(parse(TaskType.TEXT_EMBEDDING, "cohere", new JsonObject().put("input", "a").put("input_type", "SEARCH"))
        .inputType()).isEqualTo("search");
    assertThat(error(TaskType.TEXT_EMBEDDING, "cohere", new JsonObject().put("input", "a").put("input_type", "x"))
        .type()).isEqualTo("x_content_parse_exception");
  }

  @Test
  void wrongTypesAndUnknownFieldsAreParseErrors() {
    for (JsonObject body : new JsonObject[] {
        new JsonObject().put("input", 3),
        new JsonObject().put("input", new JsonArray().add("a").add(1)),
        new JsonObject().put("input", "a").put("task_settings", "x"),
        new JsonObject().put("input", "a").put("bogus", 1)}) {
      assertThat(error(TaskType.TEXT_EMBEDDING, "openai", body).type()).isEqualTo("x_content_parse_exception");
    }
  }

  @Test
  void taskSettingsAreTheServicesOwn() {
    assertThat(parse(TaskType.TEXT_EMBEDDING, "openai", new JsonObject().put("input", "a")
        .put("task_settings", new JsonObject().put("user", "u1"))).taskSettings().getString("user")).isEqualTo("u1");
    assertThat(error(TaskType.TEXT_EMBEDDING, "openai", new JsonObject().put("input", "a")
        .put("task_settings", new JsonObject().put("bogus", 1))).reason())
        .isEqualTo("Configuration contains settings [bogus] unknown to the [openai] service");
    assertThat(error(TaskType.TEXT_EMBEDDING, "openai", new JsonObject().put("input", "a")
        .put("task_settings", new JsonObject().put("user", 5))).status()).isEqualTo(400);
  }

  @Test
  void completionTakesOneStringAndWaitsLonger() {
    assertThat(parse(TaskType.COMPLETION, "openai", new JsonObject().put("input", "a")).timeoutMs()).isEqualTo(120_000);
    assertThat(error(TaskType.COMPLETION, "openai", new JsonObject().put("input", new JsonArray().add("a").add("b")))
        .status()).isEqualTo(400);
  }

  @Test
  void chatCompletionTakesOpenAiMessages() {
    JsonObject body = new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("role", "user")
        .put("content", "hi"))).put("temperature", 0.2);
    PerformRequest chat = parse(TaskType.CHAT_COMPLETION, "openai", body);
    assertThat(chat.chat().getJsonArray("messages")).hasSize(1);
    assertThat(error(TaskType.CHAT_COMPLETION, "openai", new JsonObject()).type()).isEqualTo("x_content_parse_exception");
    assertThat(error(TaskType.CHAT_COMPLETION, "openai", new JsonObject().put("messages", "hi")).status()).isEqualTo(400);
  }

  @Test
  void theTimeoutIsTheRequestsThenItsTaskSettingsThenTheEndpointsThenTheDefault() {
    JsonObject endpoint = new JsonObject().put("timeout", "45s");
    JsonObject body = new JsonObject().put("input", "a");
    JsonObject withTaskTimeout = body.copy().put("task_settings", new JsonObject().put("timeout", "5s"));

    assertThat(parser.parse("e", TaskType.TEXT_EMBEDDING, "openai", body, null, null).timeoutMs()).isEqualTo(30_000);
    assertThat(parser.parse("e", TaskType.TEXT_EMBEDDING, "openai", body, null, endpoint).timeoutMs()).isEqualTo(45_000);
    assertThat(parser.parse("e", TaskType.TEXT_EMBEDDING, "openai", withTaskTimeout, null, endpoint).timeoutMs())
        .isEqualTo(5_000);
    assertThat(parser.parse("e", TaskType.TEXT_EMBEDDING, "openai", withTaskTimeout, 2_000L, endpoint).timeoutMs())
        .isEqualTo(2_000);
    JsonObject chat = new JsonObject().put("messages", new JsonArray().add(new JsonObject().put("role", "user")));
    assertThat(parser.parse("e", TaskType.CHAT_COMPLETION, "openai", chat, null, endpoint).timeoutMs()).isEqualTo(45_000);
    assertThat(parser.parse("e", TaskType.CHAT_COMPLETION, "openai", chat, null, null).timeoutMs()).isEqualTo(120_000);
  }

  @Test
  void aTaskSettingsTimeoutMustBeATimeValue() {
    EsError error = error(TaskType.TEXT_EMBEDDING, "openai", new JsonObject().put("input", "a")
        .put("task_settings", new JsonObject().put("timeout", "soon")));

    assertThat(error).isEqualTo(new EsError(400, "validation_exception", "Validation Failed: 1: [task_settings] "
        + "Invalid time value [soon]. [timeout] must be a valid time value string: failed to parse setting [timeout] "
        + "with value [soon] as a time value: unit is missing or unrecognized;"));
  }

  private PerformRequest parse(TaskType taskType, String service, JsonObject body) {
    return parser.parse("e", taskType, service, body, null, null);
  }

  private EsError error(TaskType taskType, String service, JsonObject body) {
    EsException failure = catchThrowableOfType(EsException.class, () -> parse(taskType, service, body));
    assertThat(failure).as("a failure for %s", body).isNotNull();
    return failure.error();
  }
}
