package io.infergate.inference.providers;

import io.infergate.inference.perform.InferenceResult;

/** An endpoint's {@code embedding_type} as Cohere names it, and the result field Elasticsearch puts it in. */
enum CohereEmbeddingType {
  FLOAT("float", InferenceResult.TextEmbeddings.FLOAT),
  INT8("int8", "text_embedding_bytes"),
  BINARY("binary", "text_embedding_bits");

  private final String wireName;
  private final String resultField;

  CohereEmbeddingType(String wireName, String resultField) {
    this.wireName = wireName;
    this.resultField = resultField;
  }

  /** {@code float} (the default), {@code byte}/{@code int8}, {@code bit}/{@code binary}. */
  static CohereEmbeddingType of(String setting) {
    if (setting == null || setting.equals("float")) {
      return FLOAT;
    }
    if (setting.equals("byte") || setting.equals("int8")) {
      return INT8;
    }
    if (setting.equals("bit") || setting.equals("binary")) {
      return BINARY;
    }
    throw new IllegalArgumentException("unknown embedding_type [" + setting + "]");
  }

  String wireName() {
    return wireName;
  }

  String resultField() {
    return resultField;
  }
}
