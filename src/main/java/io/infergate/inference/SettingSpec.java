package io.infergate.inference;

import java.util.Set;

/**
 * One setting a service accepts: its name, type, whether it is required, whether it is a secret
 * (stored, never returned), and for enumerations the allowed values.
 */
record SettingSpec(String name, SettingKind kind, boolean required, boolean secret, Set<String> allowed) {

  static SettingSpec required(String name) {
    return new SettingSpec(name, SettingKind.STRING, true, false, Set.of());
  }

  static SettingSpec requiredSecret(String name) {
    return new SettingSpec(name, SettingKind.STRING, true, true, Set.of());
  }

  static SettingSpec optional(String name, SettingKind kind) {
    return new SettingSpec(name, kind, false, false, Set.of());
  }

  static SettingSpec oneOf(String name, String... values) {
    return new SettingSpec(name, SettingKind.STRING, false, false, Set.of(values));
  }
}
