package io.infergate.inference.perform;

import io.infergate.bus.EsError;
import io.infergate.inference.EndpointRequestParser;
import io.infergate.inference.ServiceCatalog;
import io.infergate.inference.TaskType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Turns the body of {@code POST /_inference/[task_type/]{id}[/_stream]} into a {@link PerformRequest}
 * for an endpoint of a known task type and service, with Elasticsearch's validation messages.
 */
public final class PerformRequestParser {

  /** More inputs than this in one request is refused before any provider sees it. */
  public static final int MAX_INPUTS = 4096;

  private static final String PARSER_NAME = "cluster:internal/xpack/inference";
  private static final Set<String> FIELDS =
      Set.of("input", "input_type", "task_settings", "query", "return_documents", "top_n", "timeout");
  private static final Set<String> CHAT_FIELDS = Set.of("messages", "model", "max_completion_tokens", "stop",
      "temperature", "tool_choice", "tools", "top_p", "timeout");
  private static final Set<String> INPUT_TYPES = Set.of("ingest", "search", "classification", "clustering");

  private final ServiceCatalog catalog;
  private final EndpointRequestParser settings;

  public PerformRequestParser(ServiceCatalog catalog) {
    this.catalog = catalog;
    this.settings = new EndpointRequestParser(catalog);
  }

  /**
   * @param taskType             the endpoint's task type
   * @param service              the endpoint's service
   * @param requestedTimeoutMs   the request's {@code ?timeout=} or body {@code timeout}, or null
   * @param endpointTaskSettings the endpoint's task settings, for its default timeout
   */
  public PerformRequest parse(String inferenceId, TaskType taskType, String service, JsonObject body,
      Long requestedTimeoutMs, JsonObject endpointTaskSettings) {
    if (taskType == TaskType.CHAT_COMPLETION) {
      return parseChat(inferenceId, body, PerformTimeout.of(requestedTimeoutMs, null, endpointTaskSettings, taskType));
    }
    rejectUnknown(body, FIELDS);
    List<String> input = input(body.getValue("input"));
    String query = string(body, "query");
    String inputType = string(body, "input_type");
    if (inputType != null && !INPUT_TYPES.contains(inputType.trim().toLowerCase(Locale.ROOT))) {
      throw parseFailure("failed to parse field [input_type]: unrecognized input_type [" + inputType
          + "], must be one of [classification, clustering, ingest, search]");
    }
    Boolean returnDocuments = bool(body, "return_documents");
    Integer topN = integer(body, "top_n");
    JsonObject taskSettings = object(body, "task_settings");
    validate(taskType, input, query, inputType, returnDocuments, topN);
    if (taskSettings != null) {
      settings.checkRequestTaskSettings(service, taskSettings);
    }
    if (inputType != null && !catalog.acceptsInputType(service)) {
      throw new EsError(400, "validation_exception", EsError.validation("Invalid input_type [" + inputType
          + "]. The input_type option is not supported by this service").reason()).toException();
    }
    return new PerformRequest(inferenceId, taskType, input, query,
        inputType == null ? null : inputType.trim().toLowerCase(Locale.ROOT), taskSettings,
        returnDocuments, topN, null, PerformTimeout.of(requestedTimeoutMs, taskSettings, endpointTaskSettings, taskType));
  }

  private static void validate(TaskType taskType, List<String> input, String query, String inputType,
      Boolean returnDocuments, Integer topN) {
    if (input == null) {
      throw validation("Field [input] cannot be null");
    }
    if (input.isEmpty()) {
      throw validation("Field [input] cannot be an empty array");
    }
    if (input.size() > MAX_INPUTS) {
      throw validation("Field [input] cannot contain more than [" + MAX_INPUTS + "] elements, got [" + input.size() + "]");
    }
    if (taskType == TaskType.RERANK) {
      if (query == null) {
        throw validation("Field [query] cannot be null for task type [rerank]");
      }
      if (query.isEmpty()) {
        throw validation("Field [query] cannot be empty for task type [rerank]");
      }
      if (topN != null && topN < 1) {
        throw validation("Field [top_n] must be a positive integer, got [" + topN + "]");
      }
    } else {
      if (returnDocuments != null) {
        throw validation("Field [return_documents] cannot be specified for task type [" + taskType + "]");
      }
      if (topN != null) {
        throw validation("Field [top_n] cannot be specified for task type [" + taskType + "]");
      }
    }
    if ((taskType == TaskType.TEXT_EMBEDDING || taskType == TaskType.SPARSE_EMBEDDING) && query != null) {
      throw validation("Field [query] cannot be specified for task type [" + taskType + "]");
    }
    if (taskType != TaskType.TEXT_EMBEDDING && inputType != null) {
      throw validation("Field [input_type] cannot be specified for task type [" + taskType + "]");
    }
    if (taskType == TaskType.COMPLETION && input.size() > 1) {
      throw validation("Field [input] must be a single string for task type [completion], got [" + input.size()
          + "] inputs");
    }
  }

  /** chat_completion: the OpenAI-style body, checked for its shape and passed on whole. */
  private static PerformRequest parseChat(String inferenceId, JsonObject body, long timeoutMs) {
    rejectUnknown(body, CHAT_FIELDS);
    Object messages = body.getValue("messages");
    if (messages == null) {
      throw parseFailure("Required [messages]");
    }
    if (!(messages instanceof JsonArray list) || list.isEmpty()) {
      throw validation("Field [messages] must be a non-empty array of messages");
    }
    for (Object message : list) {
      if (!(message instanceof JsonObject m) || !(m.getValue("role") instanceof String)) {
        throw parseFailure("failed to parse field [messages]: each message needs a string [role]");
      }
    }
    string(body, "model");
    JsonObject chat = body.copy();
    chat.remove("timeout");
    return new PerformRequest(inferenceId, TaskType.CHAT_COMPLETION, List.of(), null, null, null, null, null, chat,
        timeoutMs);
  }

  private static List<String> input(Object raw) {
    if (raw == null) {
      return null;
    }
    if (raw instanceof String text) {
      return List.of(text);
    }
    if (!(raw instanceof JsonArray array)) {
      throw parseFailure("[input] must be a string or an array of strings");
    }
    List<String> texts = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof String text)) {
        throw parseFailure("[input] must be a string or an array of strings");
      }
      texts.add(text);
    }
    return texts;
  }

  private static void rejectUnknown(JsonObject body, Set<String> known) {
    for (String field : body.fieldNames()) {
      if (!known.contains(field)) {
        throw parseFailure("unknown field [" + field + "]");
      }
    }
  }

  private static String string(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw parseFailure("[" + field + "] must be a string");
  }

  private static Boolean bool(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw parseFailure("[" + field + "] must be a boolean");
  }

  private static Integer integer(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof Integer number) {
      return number;
    }
    throw parseFailure("[" + field + "] must be an integer between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
  }

  private static JsonObject object(JsonObject body, String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof JsonObject) {
      return (JsonObject) value;
    }
    throw parseFailure("[" + field + "] must be an object");
  }

  private static RuntimeException validation(String failure) {
    return EsError.validation(failure).toException();
  }

  private static RuntimeException parseFailure(String reason) {
    return EsError.badRequest("x_content_parse_exception", "[" + PARSER_NAME + "] " + reason).toException();
  }
}
