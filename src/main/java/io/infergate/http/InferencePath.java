package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.inference.EndpointIds;
import io.infergate.inference.TaskType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource an {@code _inference} URL names, read from the raw (not normalised) path so that
 * {@code ..} or an encoded {@code /} reach id validation instead of being resolved away.
 * <pre>
 * /_inference                                  LIST
 * /_inference/{id}  /_inference/{task}/{id}    ENDPOINT ({@code _all} or {@code *} as the id lists)
 * /_inference[/{task}]/{id}/_update            UPDATE
 * /_inference/{id}/_references[/{holder}]      REFERENCES, REFERENCE
 * /_inference/_events                          EVENTS
 * /_inference[/{task}]/{id}/_stream            STREAM
 * /_inference[/{task}]/{id}/_stats             STATS
 * /_inference/_services[/{task}]               SERVICES
 * </pre>
 * Ids never start with {@code _}, so these never clash.
 */
record InferencePath(Kind kind, TaskType taskType, String id, String holder) {

  enum Kind { LIST, ENDPOINT, UPDATE, REFERENCES, REFERENCE, EVENTS, STREAM, SERVICES, STATS }

  static final String PREFIX = "/_inference";

  static boolean matches(String rawPath) {
    return rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/");
  }

  /** True when the path lists endpoints rather than naming one. */
  boolean isList() {
    return kind == Kind.LIST || (kind == Kind.ENDPOINT && EndpointIds.isListAll(id));
  }

  /** The id of an endpoint to create, once it has passed validation. */
  String validId() {
    return EndpointIds.requireValid(id);
  }

  /** The id of an endpoint to read or change: a valid one, or a preconfigured (reserved) one. */
  String existingId() {
    return EndpointIds.requireExisting(id);
  }

  String taskTypeName() {
    return taskType == null ? null : taskType.wireName();
  }

  /**
   * @return the path, or null when no inference route has this shape
   */
  /**
   * The route this path takes, with its ids as placeholders ({@code /_inference/:task_type/:inference_id}):
   * the {@code route} label of the HTTP meters, whose series must not multiply with ids.
   */
  String template() {
    String task = taskType == null ? "" : "/:task_type";
    return switch (kind) {
      case LIST -> PREFIX;
      case ENDPOINT -> PREFIX + task + (isList() ? "/_all" : "/:inference_id");
      case UPDATE -> PREFIX + task + "/:inference_id/_update";
      case STREAM -> PREFIX + task + "/:inference_id/_stream";
      case STATS -> PREFIX + task + "/:inference_id/_stats";
      case REFERENCES -> PREFIX + "/:inference_id/_references";
      case REFERENCE -> PREFIX + "/:inference_id/_references/:holder";
      case EVENTS -> PREFIX + "/_events";
      case SERVICES -> PREFIX + "/_services" + task;
    };
  }

  static InferencePath parse(String rawPath) {
    List<String> s = segments(rawPath.substring(PREFIX.length()));
    return switch (s.size()) {
      case 0 -> new InferencePath(Kind.LIST, null, null, null);
      case 1 -> switch (s.get(0)) {
        case "_events" -> new InferencePath(Kind.EVENTS, null, null, null);
        case "_services" -> new InferencePath(Kind.SERVICES, null, null, null);
        default -> new InferencePath(Kind.ENDPOINT, null, s.get(0), null);
      };
      case 2 -> s.get(0).equals("_services") ? new InferencePath(Kind.SERVICES, TaskType.parse(s.get(1)), null, null)
          : switch (s.get(1)) {
            case "_update" -> new InferencePath(Kind.UPDATE, null, s.get(0), null);
            case "_references" -> new InferencePath(Kind.REFERENCES, null, s.get(0), null);
            case "_stream" -> new InferencePath(Kind.STREAM, null, s.get(0), null);
            case "_stats" -> new InferencePath(Kind.STATS, null, s.get(0), null);
            default -> new InferencePath(Kind.ENDPOINT, TaskType.parse(s.get(0)), s.get(1), null);
          };
      case 3 -> switch (s.get(2)) {
        case "_update" -> new InferencePath(Kind.UPDATE, TaskType.parse(s.get(0)), s.get(1), null);
        case "_stream" -> new InferencePath(Kind.STREAM, TaskType.parse(s.get(0)), s.get(1), null);
        case "_stats" -> new InferencePath(Kind.STATS, TaskType.parse(s.get(0)), s.get(1), null);
        default -> s.get(1).equals("_references") ? new InferencePath(Kind.REFERENCE, null, s.get(0), s.get(2)) : null;
      };
      default -> null;
    };
  }

  private static List<String> segments(String rest) {
    List<String> segments = new ArrayList<>();
    String trimmed = rest.startsWith("/") ? rest.substring(1) : rest;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      return segments;
    }
    for (String raw : trimmed.split("/", -1)) {
      segments.add(decode(raw));
    }
    return segments;
  }

  private static String decode(String segment) {
    try {
      // '+' is literal in a path; only %XX escapes are decoded.
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      throw HttpFailure.of(EsError.illegalArgument("invalid escape sequence in path segment [" + segment + "]"));
    }
  }
}
