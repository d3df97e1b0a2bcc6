package io.infergate.endpoints;

import io.infergate.bus.References;
import io.infergate.bus.RegistryWire;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The references an endpoint's stored body keeps in its {@code references} array. */
final class StoredReferences {

  private static final String FIELD = "references";

  private StoredReferences() {
  }

  static List<References.Reference> of(JsonObject body) {
    JsonArray references = body.getJsonArray(FIELD);
    return references == null ? List.of()
        : references.stream().map(JsonObject.class::cast).map(RegistryWire::reference).toList();
  }

  /** A copy of the body with these references (none: without the array). */
  static JsonObject with(JsonObject body, List<References.Reference> references) {
    JsonObject changed = body.copy();
    changed.remove(FIELD);
    if (!references.isEmpty()) {
      JsonArray array = new JsonArray();
      references.forEach(reference -> array.add(RegistryWire.toJson(reference)));
      changed.put(FIELD, array);
    }
    return changed;
  }

  /** Who holds references, each named once however many it holds. */
  static List<String> holders(JsonObject body) {
    return of(body).stream().map(References.Reference::holder).distinct().toList();
  }
}
