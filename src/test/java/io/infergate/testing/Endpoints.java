package io.infergate.testing;

import io.vertx.core.json.JsonObject;

/** Request bodies for endpoints of each service, with secrets that tests look for in every output. */
public final class Endpoints {

  public static final String HF_SECRET = "hf-secret-key-9f3a";
  public static final String OPENAI_SECRET = "sk-openai-secret-77c1";
  public static final String COHERE_SECRET = "cohere-secret-5e20";

  private Endpoints() {
  }

  public static JsonObject huggingFace() {
    return new JsonObject().put("service", "hugging_face").put("service_settings",
        new JsonObject().put("api_key", HF_SECRET).put("url", "https://hf.example/models/elser"));
  }

  public static JsonObject openAi() {
    return new JsonObject().put("service", "openai").put("service_settings",
        new JsonObject().put("api_key", OPENAI_SECRET).put("model_id", "text-embedding-3-small"));
  }

  public static JsonObject cohere() {
    return new JsonObject().put("service", "cohere")
        .put("service_settings", new JsonObject().put("api_key", COHERE_SECRET).put("model_id", "rerank-v3.5"))
        .put("task_settings", new JsonObject().put("top_n", 3).put("return_documents", true));
  }

  /** True when any of the secrets appears in the text. */
  public static boolean containsSecret(String text) {
    return text.contains(HF_SECRET) || text.contains(OPENAI_SECRET) || text.contains(COHERE_SECRET);
  }
}
