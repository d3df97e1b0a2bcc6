package io.infergate.inference;

import io.infergate.bus.EsError;
import java.util.Locale;

/** The inference task types of Elasticsearch's {@code _inference} API. */
public enum TaskType {
  TEXT_EMBEDDING, SPARSE_EMBEDDING, RERANK, COMPLETION, CHAT_COMPLETION;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a task type as Elasticsearch does (case-insensitive), or fails with its 400. */
  public static TaskType parse(String value) {
    for (TaskType type : values()) {
      if (type.wireName().equalsIgnoreCase(value.trim())) {
        return type;
      }
    }
    throw EsError.statusException(400, "Unknown task_type [" + value + "]").toException();
  }

  @Override
  public String toString() {
    return wireName();
  }
}
