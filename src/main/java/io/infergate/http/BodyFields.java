package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.security.RoleDescriptors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads the fields of a security request body with the messages of Elasticsearch's request parsers:
 * an unknown field is {@code failed to parse <request>. unexpected field [f]} and a value of the wrong
 * type {@code expected field [f] to be of type string, but found [VALUE_NUMBER] instead}, both 400
 * {@code parse_exception}.
 */
final class BodyFields {

  private final JsonObject body;

  private BodyFields(JsonObject body) {
    this.body = body;
  }

  /** The body, its fields all among {@code known}; {@code request} names it in the message ("add user request"). */
  static BodyFields of(JsonObject body, String request, Set<String> known) {
    for (String field : body.fieldNames()) {
      if (!known.contains(field)) {
        throw parseFailure("failed to parse " + request + ". unexpected field [" + field + "]");
      }
    }
    return new BodyFields(body);
  }

  boolean has(String field) {
    return body.containsKey(field);
  }

  /** The value as parsed, of any type (null when absent): for parsers of their own. */
  Object value(String field) {
    return body.getValue(field);
  }

  /** A string, or null when absent or JSON null. */
  String string(String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof String) {
      return (String) value;
    }
    throw wrongType(field, "string", value);
  }

  Boolean bool(String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    throw wrongType(field, "boolean", value);
  }

  JsonObject object(String field) {
    Object value = body.getValue(field);
    if (value == null || value instanceof JsonObject) {
      return (JsonObject) value;
    }
    throw wrongType(field, "object", value);
  }

  /** An array of strings, or a comma-separated string, as Elasticsearch reads {@code roles}; null when absent. */
  List<String> stringsOrCommaList(String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof String text) {
      return text.isEmpty() ? List.of() : Arrays.stream(text.split(",")).map(String::trim).toList();
    }
    return strings(field);
  }

  /** An array of strings; null when absent. */
  List<String> strings(String field) {
    Object value = body.getValue(field);
    if (value == null) {
      return null;
    }
    if (value instanceof JsonArray array && array.stream().allMatch(String.class::isInstance)) {
      return array.stream().map(String.class::cast).toList();
    }
    throw wrongType(field, "array of strings", value);
  }

  private static HttpFailure wrongType(String field, String type, Object value) {
    return parseFailure("expected field [" + field + "] to be of type " + type + ", but found ["
        + RoleDescriptors.token(value) + "] instead");
  }

  static HttpFailure parseFailure(String reason) {
    return HttpFailure.of(EsError.badRequest("parse_exception", reason));
  }
}
