package io.infergate.inference;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A service endpoints can use: the task types it supports and its service and task settings. */
record ServiceDefinition(
    String name,
    Set<TaskType> taskTypes,
    Map<String, SettingSpec> serviceSettings,
    Map<String, SettingSpec> taskSettings) {

  static ServiceDefinition of(String name, Set<TaskType> taskTypes, List<SettingSpec> serviceSettings,
      List<SettingSpec> taskSettings) {
    return new ServiceDefinition(name, Set.copyOf(taskTypes), byName(serviceSettings), byName(taskSettings));
  }

  private static Map<String, SettingSpec> byName(List<SettingSpec> specs) {
    Map<String, SettingSpec> map = new LinkedHashMap<>();
    specs.forEach(spec -> map.put(spec.name(), spec));
    return Map.copyOf(map);
  }
}
