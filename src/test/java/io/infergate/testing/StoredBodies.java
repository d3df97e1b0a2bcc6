package io.infergate.testing;

import io.vertx.core.json.JsonObject;

/** Stored bodies for the unit tests of the registry's documents and processors. */
public final class StoredBodies {

  private StoredBodies() {
  }

  /** The stored body of endpoint {@code a}: a hugging_face sparse_embedding endpoint with its secret. */
  public static JsonObject endpoint() {
    return new JsonObject()
        .put("inference_id", "a")
        .put("task_type", "sparse_embedding")
        .put("service", "hugging_face")
        .put("service_settings", new JsonObject().put("url", "u"))
        .put("secret_settings", new JsonObject().put("api_key", "k"));
  }
}
