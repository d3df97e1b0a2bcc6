package io.infergate.inference;

import java.util.Set;

/**
 * One setting a service accepts: its name, type, whether it is required, whether it is a secret
 * (stored, never returned), for enumerations the allowed values, and what {@code GET
 * /_inference/_services} says about it (label, description, the task types it applies to: empty
 * means all of the service's).
 */
record SettingSpec(String name, SettingKind kind, boolean required, boolean secret, Set<String> allowed,
    String label, String description, Set<TaskType> taskTypes) {

  static SettingSpec required(String name) {
    return new SettingSpec(name, SettingKind.STRING, true, false, Set.of(), null, null, Set.of());
  }

  static SettingSpec requiredSecret(String name) {
    return new SettingSpec(name, SettingKind.STRING, true, true, Set.of(), null, null, Set.of());
  }

  static SettingSpec requiredOneOf(String name, String... values) {
    return new SettingSpec(name, SettingKind.STRING, true, false, Set.of(values), null, null, Set.of());
  }

  static SettingSpec optional(String name, SettingKind kind) {
    return new SettingSpec(name, kind, false, false, Set.of(), null, null, Set.of());
  }

  static SettingSpec oneOf(String name, String... values) {
    return new SettingSpec(name, SettingKind.STRING, false, false, Set.of(values), null, null, Set.of());
  }

  SettingSpec described(String newLabel, String newDescription) {
    return new SettingSpec(name, kind, required, secret, allowed, newLabel, newDescription, taskTypes);
  }

  SettingSpec forTasks(TaskType... types) {
    return new SettingSpec(name, kind, required, secret, allowed, label, description, Set.of(types));
  }

  boolean appliesTo(TaskType taskType) {
    return taskTypes.isEmpty() || taskTypes.contains(taskType);
  }
}
