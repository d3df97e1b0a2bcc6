package io.infergate.inference.builtin;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Arrays;
import java.util.List;

/**
 * The embeddings of one request, filled in slice by slice (possibly by different model threads)
 * and handed over, in input order, on the context that made the request: a model thread never
 * runs the caller's callbacks.
 */
final class RequestEmbeddings {

  private final String inferenceId;
  private final Context callerContext;
  private final Promise<List<float[]>> outcome = Promise.promise();
  private final float[][] embeddings;
  private int missing;
  private boolean finished;

  /** @param callerContext where to complete, or null when the caller runs outside Vert.x */
  RequestEmbeddings(String inferenceId, int inputs, Context callerContext) {
    this.inferenceId = inferenceId;
    this.callerContext = callerContext;
    this.embeddings = new float[inputs][];
    this.missing = inputs;
  }

  String inferenceId() {
    return inferenceId;
  }

  Future<List<float[]>> future() {
    return outcome.future();
  }

  /** Whether the request already has its answer (or its failure): its texts need not run. */
  synchronized boolean isFinished() {
    return finished;
  }

  void fill(int offset, List<float[]> slice) {
    List<float[]> all;
    synchronized (this) {
      if (finished) {
        return;
      }
      for (int i = 0; i < slice.size(); i++) {
        embeddings[offset + i] = slice.get(i);
      }
      missing -= slice.size();
      if (missing > 0) {
        return;
      }
      finished = true;
      all = Arrays.asList(embeddings);
    }
    onCallerContext(() -> outcome.complete(all));
  }

  /** Fails the request unless it already finished; returns whether this call failed it. */
  boolean fail(Throwable cause) {
    synchronized (this) {
      if (finished) {
        return false;
      }
      finished = true;
    }
    onCallerContext(() -> outcome.fail(cause));
    return true;
  }

  private void onCallerContext(Runnable action) {
    if (callerContext == null) {
      action.run();
    } else {
      callerContext.runOnContext(ignored -> action.run());
    }
  }
}
