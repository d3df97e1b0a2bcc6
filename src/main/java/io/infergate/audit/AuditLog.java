package io.infergate.audit;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit trail: one JSON object per line, appended to a file without blocking the event loop.
 * Several local nodes may share the file: each line is one append and names its node.
 */
public final class AuditLog {

  private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());

  private final AsyncFile file;

  private AuditLog(AsyncFile file) {
    this.file = file;
  }

  public static Future<AuditLog> open(Vertx vertx, Path path) {
    Path absolute = path.toAbsolutePath();
    return vertx.fileSystem().mkdirs(absolute.getParent().toString())
        .compose(created -> vertx.fileSystem().open(absolute.toString(),
            new OpenOptions().setAppend(true).setCreate(true).setWrite(true)))
        .map(AuditLog::new);
  }

  public void record(JsonObject entry) {
    file.write(Buffer.buffer(entry.encode() + "\n"))
        .onFailure(failure -> LOG.log(Level.WARNING, "cannot write the audit trail", failure));
  }

  public Future<Void> close() {
    return file.flush().compose(flushed -> file.close());
  }
}
