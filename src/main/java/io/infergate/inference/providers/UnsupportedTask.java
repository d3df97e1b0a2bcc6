package io.infergate.inference.providers;

import io.infergate.bus.EsError;
import io.infergate.inference.TaskType;
import io.vertx.core.Future;

/** Elasticsearch's answer when a service is asked for a task type it does not serve. */
final class UnsupportedTask {

  private UnsupportedTask() {
  }

  static <T> Future<T> failure(String service, TaskType taskType) {
    return Future.failedFuture(EsError.statusException(400,
        "The [" + service + "] service does not support task type [" + taskType + "]").toException());
  }
}
