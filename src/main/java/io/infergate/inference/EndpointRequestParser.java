package io.infergate.inference;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EsError;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the body of {@code PUT /_inference/...} into a validated {@link EndpointDefinition}, or
 * fails with the Elasticsearch error a client of it expects. Secrets are split off here.
 */
public final class EndpointRequestParser {

  private static final Set<String> TOP_LEVEL =
      Set.of("service", "service_settings", "task_settings", "chunking_settings", "task_type");
  private static final Set<TaskType> CHUNKED = Set.of(TaskType.TEXT_EMBEDDING, TaskType.SPARSE_EMBEDDING);
  private static final Map<String, SettingSpec> CHUNKING = Map.of(
      "strategy", SettingSpec.requiredOneOf("strategy", "word", "sentence", "recursive", "none"),
      "max_chunk_size", SettingSpec.optional("max_chunk_size", SettingKind.POSITIVE_INTEGER),
      "overlap", SettingSpec.optional("overlap", SettingKind.POSITIVE_INTEGER),
      "sentence_overlap", SettingSpec.optional("sentence_overlap", SettingKind.POSITIVE_INTEGER));
  /** The service settings that are objects, with the fields each may hold. */
  private static final Map<String, Map<String, SettingSpec>> NESTED = Map.of(
      "rate_limit", Map.of(
          "requests_per_minute", SettingSpec.optional("requests_per_minute", SettingKind.POSITIVE_INTEGER)),
      "cache", Map.of("enabled", SettingSpec.optional("enabled", SettingKind.BOOLEAN)));

  private final ServiceCatalog catalog;

  public EndpointRequestParser(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * @param pathTaskType the task type of the URL, or null for {@code PUT /_inference/{id}}
   */
  public EndpointDefinition parse(TaskType pathTaskType, String inferenceId, JsonObject body) {
    String serviceName = requireString(body, "service",
        "Inference endpoint configuration is missing the [service] setting");
    ServiceDefinition service = catalog.find(serviceName)
        .orElseThrow(() -> status("Unknown service [" + serviceName + "]"));
    rejectUnknown(body.fieldNames(), TOP_LEVEL, service.name());
    TaskType taskType = resolveTaskType(pathTaskType, body);
    if (!service.taskTypes().contains(taskType)) {
      throw status("The [" + service.name() + "] service does not support task type [" + taskType + "]");
    }

    Object rawServiceSettings = body.getValue("service_settings");
    if (rawServiceSettings == null) {
      throw status("Inference endpoint configuration is missing the [service_settings] setting");
    }
    JsonObject serviceSettings = object("service_settings", rawServiceSettings);
    JsonObject taskSettings = body.containsKey("task_settings")
        ? object("task_settings", body.getValue("task_settings")) : new JsonObject();
    JsonObject chunking = body.containsKey("chunking_settings")
        ? object("chunking_settings", body.getValue("chunking_settings")) : null;

    Map<String, SettingSpec> serviceSpecs = service.serviceSettingsFor(taskType);
    rejectUnknown(serviceSettings.fieldNames(), serviceSpecs.keySet(), service.name());
    rejectUnknown(taskSettings.fieldNames(), service.taskSettings().keySet(), service.name());
    List<String> failures = new ArrayList<>();
    check("service_settings", serviceSettings, serviceSpecs, failures);
    check("task_settings", taskSettings, service.taskSettings(), failures);
    checkNested(serviceSettings, service, failures);
    checkBuiltInModel(service, serviceSettings);
    if (chunking != null) {
      if (!CHUNKED.contains(taskType)) {
        throw status("Chunking settings are not supported for task type [" + taskType + "]");
      }
      rejectUnknown(chunking.fieldNames(), CHUNKING.keySet(), service.name());
      check("chunking_settings", chunking, CHUNKING, failures);
      checkStrategy(chunking, failures);
    }
    if (!failures.isEmpty()) {
      throw new EsError(400, "validation_exception",
          EsError.validation(failures.toArray(String[]::new)).reason()).toException();
    }

    return split(service, inferenceId, taskType.wireName(), serviceSettings, taskSettings, chunking);
  }

  /**
   * Validates the body of {@code PUT /_inference/{id}/_update} for an endpoint of the given service
   * and task type: only settings may change, each must be one the service knows, with the right type.
   * Returns the changes, secrets split off, to merge into the stored endpoint.
   */
  public EndpointDefinition parseUpdate(String serviceName, String taskTypeName, String inferenceId, JsonObject body) {
    ServiceDefinition service = catalog.find(serviceName)
        .orElseThrow(() -> status("Unknown service [" + serviceName + "]"));
    if (body.containsKey("service") && !serviceName.equals(body.getValue("service"))) {
      throw status("The service of an inference endpoint cannot be changed; it is [" + serviceName + "]");
    }
    if (body.containsKey("task_type") && !taskTypeName.equals(body.getValue("task_type"))) {
      throw status("The task type of an inference endpoint cannot be changed; it is [" + taskTypeName + "]");
    }
    rejectUnknown(body.fieldNames(), TOP_LEVEL, service.name());
    JsonObject serviceSettings = body.containsKey("service_settings")
        ? object("service_settings", body.getValue("service_settings")) : new JsonObject();
    JsonObject taskSettings = body.containsKey("task_settings")
        ? object("task_settings", body.getValue("task_settings")) : new JsonObject();
    JsonObject chunking = body.containsKey("chunking_settings")
        ? object("chunking_settings", body.getValue("chunking_settings")) : null;
    if (serviceSettings.isEmpty() && taskSettings.isEmpty() && chunking == null) {
      throw EsError.validation("the update changes nothing: give service_settings, task_settings or chunking_settings")
          .toException();
    }
    Map<String, SettingSpec> serviceSpecs = service.serviceSettingsFor(TaskType.parse(taskTypeName));
    rejectUnknown(serviceSettings.fieldNames(), serviceSpecs.keySet(), service.name());
    rejectUnknown(taskSettings.fieldNames(), service.taskSettings().keySet(), service.name());
    List<String> failures = new ArrayList<>();
    check("service_settings", serviceSettings, serviceSpecs, failures, true);
    check("task_settings", taskSettings, service.taskSettings(), failures, true);
    checkNested(serviceSettings, service, failures);
    if (chunking != null) {
      if (!CHUNKED.contains(TaskType.parse(taskTypeName))) {
        throw status("Chunking settings are not supported for task type [" + taskTypeName + "]");
      }
      rejectUnknown(chunking.fieldNames(), CHUNKING.keySet(), service.name());
      check("chunking_settings", chunking, CHUNKING, failures);
      checkStrategy(chunking, failures);
    }
    if (!failures.isEmpty()) {
      throw new EsError(400, "validation_exception",
          EsError.validation(failures.toArray(String[]::new)).reason()).toException();
    }
    return split(service, inferenceId, taskTypeName, serviceSettings, taskSettings, chunking);
  }

  /**
   * Validates the {@code task_settings} of a perform request against the endpoint's service, as
   * a PUT's: known settings only, each of its type.
   */
  public void checkRequestTaskSettings(String serviceName, JsonObject taskSettings) {
    ServiceDefinition service = catalog.find(serviceName)
        .orElseThrow(() -> status("Unknown service [" + serviceName + "]"));
    rejectUnknown(taskSettings.fieldNames(), service.taskSettings().keySet(), service.name());
    List<String> failures = new ArrayList<>();
    check("task_settings", taskSettings, service.taskSettings(), failures, true);
    if (!failures.isEmpty()) {
      throw new EsError(400, "validation_exception",
          EsError.validation(failures.toArray(String[]::new)).reason()).toException();
    }
  }

  private static EndpointDefinition split(ServiceDefinition service, String inferenceId, String taskType,
      JsonObject serviceSettings, JsonObject taskSettings, JsonObject chunking) {
    JsonObject publicSettings = new JsonObject();
    JsonObject secrets = new JsonObject();
    serviceSettings.forEach(entry -> {
      boolean secret = service.serviceSettings().get(entry.getKey()).secret();
      (secret ? secrets : publicSettings).put(entry.getKey(), entry.getValue());
    });
    return new EndpointDefinition(inferenceId, taskType, service.name(), publicSettings, secrets, taskSettings, chunking);
  }

  private static TaskType resolveTaskType(TaskType pathTaskType, JsonObject body) {
    Object raw = body.getValue("task_type");
    if (raw == null) {
      if (pathTaskType == null) {
        throw status("model is missing required setting [task_type]");
      }
      return pathTaskType;
    }
    if (!(raw instanceof String text)) {
      throw typeError("task_type", SettingKind.STRING);
    }
    TaskType bodyTaskType = TaskType.parse(text);
    if (pathTaskType != null && pathTaskType != bodyTaskType) {
      throw status("Cannot resolve conflicting task_type parameter in the request URL [" + pathTaskType
          + "] and the request body [" + text + "]");
    }
    return bodyTaskType;
  }

  /** Each strategy takes its own settings only, and all but {@code none} need {@code max_chunk_size} (Elasticsearch's rules). */
  private static void checkStrategy(JsonObject chunking, List<String> failures) {
    StrategySettings strategy = STRATEGIES.get(String.valueOf(chunking.getValue("strategy")));
    if (strategy == null) {
      return;
    }
    List<String> invalid = chunking.fieldNames().stream().filter(key -> !strategy.keys().contains(key)).sorted().toList();
    if (!invalid.isEmpty()) {
      failures.add(strategy.label() + " chunking settings can not have the following settings: " + invalid);
    }
    if (strategy.keys().contains("max_chunk_size") && !chunking.containsKey("max_chunk_size")) {
      failures.add("[chunking_settings] does not contain the required setting [max_chunk_size]");
    }
  }

  private record StrategySettings(String label, Set<String> keys) {
  }

  private static final Map<String, StrategySettings> STRATEGIES = Map.of(
      "word", new StrategySettings("Word based", Set.of("strategy", "max_chunk_size", "overlap")),
      "sentence", new StrategySettings("Sentence based", Set.of("strategy", "max_chunk_size", "sentence_overlap")),
      "recursive", new StrategySettings("Recursive", Set.of("strategy", "max_chunk_size")),
      "none", new StrategySettings("None", Set.of("strategy")));

  private static void check(String section, JsonObject settings, Map<String, SettingSpec> specs,
      List<String> failures) {
    check(section, settings, specs, failures, false);
  }

  private static void check(String section, JsonObject settings, Map<String, SettingSpec> specs,
      List<String> failures, boolean partial) {
    for (SettingSpec spec : specs.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      Object value = settings.getValue(spec.name());
      if (value == null) {
        if (spec.required() && !partial) {
          failures.add("[" + section + "] does not contain the required setting [" + spec.name() + "]");
        }
      } else if (!spec.kind().accepts(value)) {
        failures.add("[" + section + "] field [" + spec.name() + "] is not of the expected type; "
            + "it must be a [" + spec.kind().displayName() + "]");
      } else if (spec.kind() == SettingKind.STRING && ((String) value).isBlank()) {
        failures.add("[" + section + "] Invalid value empty string. [" + spec.name() + "] must be a non-empty string");
      } else if (spec.kind() == SettingKind.TIME_VALUE) {
        String invalid = timeValueError(spec.name(), (String) value);
        if (invalid != null) {
          failures.add("[" + section + "] Invalid time value [" + value + "]. [" + spec.name()
              + "] must be a valid time value string: " + invalid);
        }
      } else if (!spec.allowed().isEmpty() && !spec.allowed().contains(value)) {
        failures.add("[" + section + "] Invalid value [" + value + "] received. [" + spec.name()
            + "] must be one of [" + String.join(", ", new TreeSet<>(spec.allowed())) + "]");
      } else if (spec.name().equals("url")) {
        checkUrl(section, (String) value, failures);
      }
    }
  }

  /** A URL must parse as a URI, as Elasticsearch's createUri requires; the scheme is the service's concern. */
  private static void checkUrl(String section, String url, List<String> failures) {
    try {
      new java.net.URI(url);
    } catch (java.net.URISyntaxException e) {
      failures.add("[" + section + "] Invalid url [" + url + "] received for field [url]. Error: unable to parse url ["
          + url + "]. Reason: " + e.getReason());
    }
  }

  /** Why {@code value} is not a time value, or null when it is one. */
  private static String timeValueError(String setting, String value) {
    try {
      TimeValue.millis(setting, value);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** The fields of object settings ({@code rate_limit}, {@code cache}): known ones only, each of its type. */
  private static void checkNested(JsonObject serviceSettings, ServiceDefinition service, List<String> failures) {
    NESTED.forEach((name, specs) -> {
      if (serviceSettings.getValue(name) instanceof JsonObject nested) {
        rejectUnknown(nested.fieldNames(), specs.keySet(), service.name());
        check(name, nested, specs, failures);
      }
    });
  }

  /** The built-in service runs only the models the node ships, with Elasticsearch's error for others. */
  private static void checkBuiltInModel(ServiceDefinition service, JsonObject serviceSettings) {
    if (service.name().equals(ServiceCatalog.BUILT_IN_SERVICE)
        && serviceSettings.getValue("model_id") instanceof String modelId
        && !modelId.equals(ServiceCatalog.BUILT_IN_MODEL_ID)) {
      throw new EsError(404, "resource_not_found_exception", "Could not find trained model [" + modelId + "]")
          .toException();
    }
  }

  private static void rejectUnknown(Set<String> present, Set<String> known, String service) {
    TreeSet<String> unknown = new TreeSet<>(present);
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw status("Configuration contains settings " + unknown + " unknown to the [" + service + "] service");
    }
  }

  private static String requireString(JsonObject body, String field, String missingReason) {
    Object value = body.getValue(field);
    if (value == null) {
      throw status(missingReason);
    }
    if (!(value instanceof String text)) {
      throw typeError(field, SettingKind.STRING);
    }
    return text;
  }

  private static JsonObject object(String field, Object value) {
    if (value instanceof JsonObject json) {
      return json;
    }
    throw typeError(field, SettingKind.OBJECT);
  }

  private static RuntimeException typeError(String field, SettingKind kind) {
    return new EsError(400, "validation_exception", EsError.validation(
        "field [" + field + "] is not of the expected type; it must be a [" + kind.displayName() + "]")
        .reason()).toException();
  }

  private static RuntimeException status(String reason) {
    return EsError.statusException(400, reason).toException();
  }
}
