package io.infergate.audit;

import io.infergate.logs.FileRotation;
import io.infergate.logs.RotatingFile;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit trail: one JSON object per line, appended to a size-rotated file by one worker thread
 * of its own, in the order recorded, without blocking the event loop. Several local nodes may share
 * the file: each line is one append and names its node.
 */
public final class AuditLog {

  private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

  private final RotatingFile file;
  private final WorkerExecutor writer;

  private AuditLog(RotatingFile file, WorkerExecutor writer) {
    this.file = file;
    this.writer = writer;
  }

  public static Future<AuditLog> open(Vertx vertx, Path path, FileRotation rotation) {
    WorkerExecutor writer = vertx.createSharedWorkerExecutor("infergate-audit-" + path.toAbsolutePath(), 1);
    return writer.executeBlocking(() -> new AuditLog(new RotatingFile(path, rotation), writer), false)
        .onFailure(failure -> writer.close());
  }

  public void record(JsonObject entry) {
    String encoded = entry.encode();
    byte[] line = (encoded + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      writer.executeBlocking(() -> {
        file.append(line);
        return null;
      }, true).onFailure(failure -> LOG.log(Level.WARNING, "cannot write the audit trail", failure));
    } catch (RejectedExecutionException closed) {
      // A request the shutdown cut at its deadline ends after the trail closed: its line goes to the
      // node log instead of being lost (an audit line holds no secret).
      LOG.warning(() -> "the audit trail is closed; its entry goes here: " + encoded);
    }
  }

  public Future<Void> close() {
    return writer.executeBlocking(() -> {
      file.close();
      return (Void) null;
    }, true).eventually(writer::close);
  }
}
