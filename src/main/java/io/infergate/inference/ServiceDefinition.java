package io.infergate.inference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A service endpoints can use: its display name, the task types it supports, its service and
 * task settings, and whether a perform request may give an {@code input_type}.
 */
record ServiceDefinition(
    String name,
    String displayName,
    Set<TaskType> taskTypes,
    Map<String, SettingSpec> serviceSettings,
    Map<String, SettingSpec> taskSettings,
    boolean acceptsInputType) {

  static ServiceDefinition of(String name, String displayName, Set<TaskType> taskTypes,
      List<SettingSpec> serviceSettings, List<SettingSpec> taskSettings, boolean acceptsInputType) {
    return new ServiceDefinition(name, displayName, Set.copyOf(taskTypes), byName(serviceSettings),
        byName(taskSettings), acceptsInputType);
  }

  /** The service settings an endpoint of this task type may have. */
  Map<String, SettingSpec> serviceSettingsFor(TaskType taskType) {
    Map<String, SettingSpec> applying = new LinkedHashMap<>();
    serviceSettings.forEach((name, spec) -> {
      if (spec.appliesTo(taskType)) {
        applying.put(name, spec);
      }
    });
    return applying;
  }

  private static Map<String, SettingSpec> byName(List<SettingSpec> specs) {
    Map<String, SettingSpec> map = new LinkedHashMap<>();
    specs.forEach(spec -> map.put(spec.name(), spec));
    return Collections.unmodifiableMap(map);
  }
}
