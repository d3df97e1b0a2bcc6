package io.infergate.inference;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * The catalog in the shape of Elasticsearch's {@code GET /_inference/_services}: per service its
 * name, task types and {@code configurations}, one per service setting.
 */
final class ServiceDescriptions {

  /** An object setting is listed as its one field, as Elasticsearch lists {@code rate_limit}. */
  private record NestedField(String key, String description, String type) {
  }

  private static final Map<String, NestedField> NESTED = Map.of(
      "rate_limit", new NestedField("rate_limit.requests_per_minute",
          "Number of requests allowed per minute for this endpoint.", "int"),
      "cache", new NestedField("cache.enabled",
          "Whether each node caches this endpoint's results, keyed by the endpoint's revision and the exact "
              + "request (false by default).", "bool"));

  private ServiceDescriptions() {
  }

  /** @param taskType keep only services and settings for this task type; null keeps all */
  static JsonArray of(Collection<ServiceDefinition> services, TaskType taskType) {
    JsonArray described = new JsonArray();
    services.stream()
        .filter(service -> taskType == null || service.taskTypes().contains(taskType))
        .sorted(Comparator.comparing(ServiceDefinition::name))
        .forEach(service -> described.add(describe(service, taskType)));
    return described;
  }

  private static JsonObject describe(ServiceDefinition service, TaskType taskType) {
    JsonArray taskTypes = new JsonArray();
    service.taskTypes().stream().sorted().forEach(type -> taskTypes.add(type.wireName()));
    JsonObject configurations = new JsonObject();
    for (SettingSpec spec : service.serviceSettings().values()) {
      if (taskType != null && !spec.appliesTo(taskType)) {
        continue;
      }
      Set<TaskType> supported = spec.taskTypes().isEmpty() ? service.taskTypes() : spec.taskTypes();
      NestedField nested = NESTED.get(spec.name());
      if (nested != null) {
        configurations.put(nested.key(), field(spec.label(), nested.description(), false, false, nested.type(),
            supported, service));
      } else {
        configurations.put(spec.name(), field(spec.label(), spec.description(), spec.required(), spec.secret(),
            typeName(spec.kind()), supported, service));
      }
    }
    return new JsonObject()
        .put("service", service.name())
        .put("name", service.displayName())
        .put("task_types", taskTypes)
        .put("configurations", configurations);
  }

  private static JsonObject field(String label, String description, boolean required, boolean sensitive,
      String type, Set<TaskType> taskTypes, ServiceDefinition service) {
    JsonArray supported = new JsonArray();
    taskTypes.stream().filter(service.taskTypes()::contains).sorted().forEach(type2 -> supported.add(type2.wireName()));
    return new JsonObject()
        .putNull("default_value")
        .put("description", description)
        .put("label", label)
        .put("required", required)
        .put("sensitive", sensitive)
        .put("updatable", !required || sensitive)
        .put("type", type)
        .put("supported_task_types", supported);
  }

  private static String typeName(SettingKind kind) {
    return switch (kind) {
      case STRING, TIME_VALUE -> "str";
      case POSITIVE_INTEGER -> "int";
      case BOOLEAN -> "bool";
      case OBJECT -> "map";
    };
  }
}
