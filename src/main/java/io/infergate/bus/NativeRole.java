package io.infergate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * A role of the native realm: its name and its descriptor as {@code GET /_security/role} shows it
 * ({@code cluster}, {@code indices}, {@code applications}, {@code run_as}, {@code metadata},
 * {@code transient_metadata}, and {@code description} when given), already validated.
 */
public record NativeRole(String name, JsonObject descriptor) {

  public NativeRole {
    Objects.requireNonNull(name, "name");
    descriptor = descriptor.copy();
  }

  /** The cluster privilege names of the role: the only part Infergate enforces. */
  public List<String> cluster() {
    return descriptor.getJsonArray("cluster", new JsonArray()).stream().map(String::valueOf).toList();
  }

  @Override
  public JsonObject descriptor() {
    return descriptor.copy();
  }
}
