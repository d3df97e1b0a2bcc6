package io.infergate.logs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * One log record as one line of JSON with Elastic Common Schema field names, as Elasticsearch's own
 * JSON logs write them: {@code @timestamp}, {@code log.level}, {@code message}, {@code log.logger},
 * {@code process.thread.name}, {@code error.type}/{@code error.message}/{@code error.stack_trace}, and
 * {@code ecs.version}, {@code service.name}, {@code event.dataset} plus the node and cluster names.
 * Levels take the names ECS consumers know: SEVERE is ERROR, WARNING is WARN, CONFIG is INFO, FINE
 * is DEBUG, FINER and FINEST are TRACE.
 */
public final class EcsJsonFormatter extends Formatter {

  /** The ECS version whose field names these are (Elasticsearch 9 writes the same). */
  static final String ECS_VERSION = "1.2.0";
  static final String DATASET = "infergate.node";

  private static final JsonFactory JSON = new JsonFactory();
  private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  private final String nodeName;
  private final String clusterName;

  public EcsJsonFormatter(String nodeName, String clusterName) {
    this.nodeName = nodeName;
    this.clusterName = clusterName;
  }

  @Override
  public String format(LogRecord record) {
    StringWriter line = new StringWriter(256);
    try (JsonGenerator json = JSON.createGenerator(line)) {
      json.writeStartObject();
      json.writeStringField("@timestamp", TIMESTAMP.format(Instant.ofEpochMilli(record.getMillis())));
      json.writeStringField("log.level", level(record.getLevel()));
      json.writeStringField("message", formatMessage(record));
      json.writeStringField("ecs.version", ECS_VERSION);
      json.writeStringField("service.name", "infergate");
      json.writeStringField("event.dataset", DATASET);
      json.writeStringField("process.thread.name", threadName(record));
      json.writeStringField("log.logger", record.getLoggerName() == null ? "" : record.getLoggerName());
      json.writeStringField("infergate.node.name", nodeName);
      json.writeStringField("infergate.cluster.name", clusterName);
      Throwable thrown = record.getThrown();
      if (thrown != null) {
        json.writeStringField("error.type", thrown.getClass().getName());
        json.writeStringField("error.message", thrown.getMessage() == null ? "" : thrown.getMessage());
        json.writeStringField("error.stack_trace", stackTrace(thrown));
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return line.append('\n').toString();
  }

  static String level(Level level) {
    int value = level.intValue();
    if (value >= Level.SEVERE.intValue()) {
      return "ERROR";
    }
    if (value >= Level.WARNING.intValue()) {
      return "WARN";
    }
    if (value >= Level.CONFIG.intValue()) {
      return "INFO";
    }
    return value >= Level.FINE.intValue() ? "DEBUG" : "TRACE";
  }

  /**
   * The name of the thread that logged: java.util.logging formats on the logging thread unless a
   * handler hands records to another, so the current thread is the one when the ids agree.
   */
  private static String threadName(LogRecord record) {
    Thread current = Thread.currentThread();
    return current.getId() == record.getLongThreadID() ? current.getName() : "thread-" + record.getLongThreadID();
  }

  private static String stackTrace(Throwable thrown) {
    StringWriter trace = new StringWriter();
    try (PrintWriter writer = new PrintWriter(trace)) {
      thrown.printStackTrace(writer);
    }
    return trace.toString().stripTrailing();
  }
}
