package io.infergate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.logs.FileRotation;
import io.infergate.testing.CapturedLog;
import io.infergate.testing.Conditions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogClosedTest {

  @Test
  void anEntryRecordedAfterTheTrailClosedGoesToTheNodeLog(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    CapturedLog log = CapturedLog.of(AuditLog.class.getName(), Level.WARNING);
    try {
      Path file = dir.resolve("audit.json");
      AuditLog audit = AuditLog.open(vertx, file, new FileRotation(1_000_000, 2)).await();
      audit.record(new JsonObject().put("action", "before"));
      audit.close().await();

      // A request cut at the shutdown deadline ends after this: no exception escapes to the event loop.
      vertx.runOnContext(ignored -> audit.record(new JsonObject().put("action", "cut-at-shutdown")));
      Conditions.await(Duration.ofSeconds(5), "the late entry logged",
          () -> !log.lines().isEmpty());

      assertThat(Files.readString(file)).contains("\"before\"").doesNotContain("cut-at-shutdown");
      assertThat(log.lines()).containsExactly(
          "WARNING the audit trail is closed; its entry goes here: {\"action\":\"cut-at-shutdown\"}");
    } finally {
      log.close();
      vertx.close().await();
    }
  }
}
