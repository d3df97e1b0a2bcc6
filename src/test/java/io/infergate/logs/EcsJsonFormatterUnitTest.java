package io.infergate.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The node log's JSON lines: ECS field names, one record per line, exceptions as error.* fields. */
class EcsJsonFormatterUnitTest {

  private final EcsJsonFormatter formatter = new EcsJsonFormatter("node-1", "infergate");

  private static LogRecord record(Level level, String message) {
    LogRecord record = new LogRecord(level, message);
    record.setLoggerName("io.infergate.registry.RegistryVerticle");
    record.setMillis(1_764_561_600_123L);
    return record;
  }

  @Test
  void aRecordIsOneLineOfJsonWithEcsFields() {
    String line = formatter.format(record(Level.INFO, "node [node-1] started; \"quoted\"\nsecond line"));

    assertThat(line).endsWith("\n");
    assertThat(line.strip()).doesNotContain("\n");
    JsonObject json = new JsonObject(line);
    assertThat(json.getString("@timestamp")).isEqualTo("2025-12-01T04:00:00.123Z");
    assertThat(json.getString("log.level")).isEqualTo("INFO");
    assertThat(json.getString("message")).isEqualTo("node [node-1] started; \"quoted\"\nsecond line");
    assertThat(json.getString("log.logger")).isEqualTo("io.infergate.registry.RegistryVerticle");
    assertThat(json.getString("process.thread.name")).isEqualTo(Thread.currentThread().getName());
    assertThat(json.getString("service.name")).isEqualTo("infergate");
    assertThat(json.getString("event.dataset")).isEqualTo("infergate.node");
    assertThat(json.getString("ecs.version")).isEqualTo("1.2.0");
    assertThat(json.getString("infergate.node.name")).isEqualTo("node-1");
    assertThat(json.getString("infergate.cluster.name")).isEqualTo("infergate");
    assertThat(json.fieldNames()).noneMatch(name -> name.startsWith("error."));
  }

  @Test
  void anExceptionBecomesErrorFields() {
    LogRecord record = record(Level.WARNING, "registry request [Put] failed");
    record.setThrown(new IllegalStateException("cannot read from infergate_endpoints",
        new java.io.IOException("disk gone")));

    JsonObject json = new JsonObject(formatter.format(record));

    assertThat(json.getString("log.level")).isEqualTo("WARN");
    assertThat(json.getString("error.type")).isEqualTo("java.lang.IllegalStateException");
    assertThat(json.getString("error.message")).isEqualTo("cannot read from infergate_endpoints");
    assertThat(json.getString("error.stack_trace"))
        .startsWith("java.lang.IllegalStateException: cannot read from infergate_endpoints\n\tat ")
        .contains("Caused by: java.io.IOException: disk gone");
  }

  @Test
  void parametersAreFormattedIntoTheMessage() {
    LogRecord record = record(Level.FINE, "{0} references [{1}]");
    record.setParameters(new Object[] {"stream-1", "my-elser"});

    JsonObject json = new JsonObject(formatter.format(record));

    assertThat(json.getString("message")).isEqualTo("stream-1 references [my-elser]");
    assertThat(json.getString("log.level")).isEqualTo("DEBUG");
  }

  @Test
  void levelsTakeTheNamesEcsConsumersKnow() {
    assertThat(EcsJsonFormatter.level(Level.SEVERE)).isEqualTo("ERROR");
    assertThat(EcsJsonFormatter.level(Level.WARNING)).isEqualTo("WARN");
    assertThat(EcsJsonFormatter.level(Level.INFO)).isEqualTo("INFO");
    assertThat(EcsJsonFormatter.level(Level.CONFIG)).isEqualTo("INFO");
    assertThat(EcsJsonFormatter.level(Level.FINE)).isEqualTo("DEBUG");
    assertThat(EcsJsonFormatter.level(Level.FINEST)).isEqualTo("TRACE");
  }

  @Test
  void anUnknownFormatIsRefused() {
    assertThatThrownBy(() -> NodeLogs.format("xml", "node-1", "infergate"))
        .hasMessage("logging.format must be [plain] or [json], got [xml]");
  }
}
