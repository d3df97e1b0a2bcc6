package io.infergate.security;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses and validates role descriptors as Elasticsearch's {@code RoleDescriptor.parse} and its
 * request validators do, for native roles ({@code PUT /_security/role}) and API keys'
 * {@code role_descriptors}, and gives them in Elasticsearch's output shape ({@code cluster},
 * {@code indices}, {@code applications}, {@code run_as}, {@code metadata},
 * {@code transient_metadata: {"enabled": true}}, {@code description} when given).
 *
 * <p>A malformed descriptor (an unknown field, a value of the wrong type) fails at once with 400
 * {@code parse_exception}; the remaining rules (names, privileges, metadata keys, description) are
 * gathered into one 400 {@code action_request_validation_exception}, as Elasticsearch lists them.
 * Only cluster privileges are enforced by Infergate; indices, applications and run_as are checked for
 * shape (and index privileges by name) and kept as given, so that a role written for Elasticsearch
 * reads back the same.
 */
public final class RoleDescriptors {

  public static final int MAX_DESCRIPTION_LENGTH = 1000;

  private static final Set<String> FIELDS = Set.of("cluster", "indices", "applications", "run_as", "metadata",
      "transient_metadata", "description");
  /** Elasticsearch fields for things Infergate has none of: refused by name rather than as unknown. */
  private static final Set<String> UNSUPPORTED = Set.of("global", "remote_indices", "remote_cluster", "restriction");
  private static final Set<String> INDEX_FIELDS = Set.of("names", "privileges", "field_security", "query",
      "allow_restricted_indices");
  private static final Set<String> APPLICATION_FIELDS = Set.of("application", "privileges", "resources");

  private RoleDescriptors() {
  }

  /** A native role's descriptor; its name must be valid and not a reserved role's. */
  public static JsonObject parseRole(String name, JsonObject body) {
    List<String> failures = new ArrayList<>();
    if (SecurityService.isReservedRole(name)) {
      failures.add("Role [" + name + "] is reserved and may not be used.");
    } else {
      NativeNames.roleNameError(name).ifPresent(failures::add);
    }
    JsonObject descriptor = parse(name, body, failures);
    throwIfAny(failures);
    return descriptor;
  }

  /** An API key's {@code role_descriptors}: role name to descriptor, each parsed as a role's. */
  public static JsonObject parseApiKeyRoles(Object value) {
    if (!(value instanceof JsonObject roles)) {
      throw parseFailure("failed to parse api key request. expected field [role_descriptors] to be of type object,"
          + " but found [" + token(value) + "] instead");
    }
    List<String> failures = new ArrayList<>();
    JsonObject parsed = new JsonObject();
    for (String name : roles.fieldNames()) {
      Object descriptor = roles.getValue(name);
      if (!(descriptor instanceof JsonObject object)) {
        throw parseFailure("failed to parse role [" + name + "]. expected an object but found [" + token(descriptor)
            + "] instead");
      }
      parsed.put(name, parse(name, object, failures));
    }
    throwIfAny(failures);
    return parsed;
  }

  /** True when the descriptor grants nothing: no cluster, index or application privilege, no run_as. */
  public static boolean grantsNothing(JsonObject descriptor) {
    return descriptor.getJsonArray("cluster").isEmpty() && descriptor.getJsonArray("indices").isEmpty()
        && descriptor.getJsonArray("applications").isEmpty() && descriptor.getJsonArray("run_as").isEmpty();
  }

  /** Elasticsearch's message for a cluster privilege name it does not know. */
  public static String unknownClusterPrivilege(String name) {
    return "unknown cluster privilege [" + name.toLowerCase(Locale.ROOT) + "]. a privilege must be either one of the "
        + "predefined cluster privilege names [" + String.join(",", ClusterPrivilege.names()) + "] or a pattern over "
        + "one of the available cluster actions";
  }

  private static JsonObject parse(String role, JsonObject body, List<String> failures) {
    for (String field : body.fieldNames()) {
      if (UNSUPPORTED.contains(field)) {
        throw parseFailure("failed to parse role [" + role + "]. field [" + field + "] is not supported: Infergate "
            + "has no remote clusters and enforces cluster privileges only");
      }
      if (!FIELDS.contains(field)) {
        throw parseFailure("failed to parse role [" + role + "]. unexpected field [" + field + "]");
      }
    }
    JsonArray cluster = new JsonArray();
    for (String privilege : strings(role, "cluster", body.getValue("cluster"))) {
      // Elasticsearch resolves privilege names in lower case; keeping them so means the role grants
      // what it says however it was written.
      String lower = privilege.toLowerCase(Locale.ROOT);
      if (ClusterPrivilege.named(lower).isEmpty()) {
        failures.add(unknownClusterPrivilege(privilege));
      }
      cluster.add(lower);
    }
    JsonArray indices = new JsonArray();
    for (JsonObject index : objects(role, "indices", body.getValue("indices"), "indices privileges")) {
      indices.add(index(role, index, failures));
    }
    JsonArray applications = new JsonArray();
    for (JsonObject application : objects(role, "applications", body.getValue("applications"),
        "application privileges")) {
      applications.add(application(role, application));
    }
    JsonArray runAs = new JsonArray(new ArrayList<>(strings(role, "run_as", body.getValue("run_as"))));
    JsonObject metadata = object(role, "metadata", body.getValue("metadata"));
    failures.addAll(MetadataRules.failures(metadata, "role descriptor "));
    // transient_metadata is the server's (Elasticsearch ignores it on a put): validated for shape, not kept.
    object(role, "transient_metadata", body.getValue("transient_metadata"));
    JsonObject descriptor = new JsonObject().put("cluster", cluster).put("indices", indices)
        .put("applications", applications).put("run_as", runAs).put("metadata", metadata)
        .put("transient_metadata", new JsonObject().put("enabled", true));
    Object description = body.getValue("description");
    if (description != null) {
      if (!(description instanceof String text)) {
        throw parseFailure("failed to parse role [" + role + "]. expected field [description] to be of type string, "
            + "but found [" + token(description) + "] instead");
      }
      if (text.length() > MAX_DESCRIPTION_LENGTH) {
        failures.add("Role description must be less than " + MAX_DESCRIPTION_LENGTH + " characters.");
      }
      descriptor.put("description", text);
    }
    return descriptor;
  }

  private static JsonObject index(String role, JsonObject index, List<String> failures) {
    String context = "failed to parse indices privileges for role [" + role + "]. ";
    for (String field : index.fieldNames()) {
      if (!INDEX_FIELDS.contains(field)) {
        throw parseFailure(context + "unexpected field [" + field + "]");
      }
    }
    List<String> names = required(context, "names", index, true);
    List<String> privileges = required(context, "privileges", index, false);
    privileges.stream().filter(name -> !IndexPrivilegeNames.isKnown(name))
        .forEach(name -> failures.add(IndexPrivilegeNames.unknown(name)));
    JsonObject parsed = new JsonObject().put("names", new JsonArray(new ArrayList<>(names)))
        .put("privileges", new JsonArray(new ArrayList<>(privileges)));
    Object fieldSecurity = index.getValue("field_security");
    if (fieldSecurity != null) {
      if (!(fieldSecurity instanceof JsonObject fields)
          || !fields.fieldNames().stream().allMatch(f -> f.equals("grant") || f.equals("except"))) {
        throw parseFailure(context + "expected field [field_security] to be an object with [grant] and [except] "
            + "arrays of field names");
      }
      JsonObject kept = new JsonObject();
      for (String part : List.of("grant", "except")) {
        if (fields.containsKey(part)) {
          kept.put(part, new JsonArray(new ArrayList<>(stringList(context, "field_security." + part,
              fields.getValue(part), false))));
        }
      }
      parsed.put("field_security", kept);
    }
    Object query = index.getValue("query");
    if (query != null) {
      if (!(query instanceof String) && !(query instanceof JsonObject)) {
        throw parseFailure(context + "expected field [query] to be a string or an object, but found ["
            + token(query) + "] instead");
      }
      parsed.put("query", query instanceof JsonObject object ? object.encode() : query);
    }
    Object restricted = index.getValue("allow_restricted_indices");
    if (restricted != null && !(restricted instanceof Boolean)) {
      throw parseFailure(context + "expected field [allow_restricted_indices] value to be a boolean, but found ["
          + token(restricted) + "] instead");
    }
    parsed.put("allow_restricted_indices", Boolean.TRUE.equals(restricted));
    return parsed;
  }

  private static JsonObject application(String role, JsonObject application) {
    String context = "failed to parse application privileges for role [" + role + "]. ";
    for (String field : application.fieldNames()) {
      if (!APPLICATION_FIELDS.contains(field)) {
        throw parseFailure(context + "unexpected field [" + field + "]");
      }
    }
    Object name = application.getValue("application");
    if (!(name instanceof String text) || text.isEmpty()) {
      throw parseFailure(context + "missing required [application] field");
    }
    return new JsonObject().put("application", text)
        .put("privileges", new JsonArray(new ArrayList<>(required(context, "privileges", application, false))))
        .put("resources", new JsonArray(new ArrayList<>(required(context, "resources", application, false))));
  }

  private static List<String> required(String context, String field, JsonObject object, boolean allowString) {
    if (!object.containsKey(field)) {
      throw parseFailure(context + "missing required [" + field + "] field");
    }
    return stringList(context, field, object.getValue(field), allowString);
  }

  private static List<String> stringList(String context, String field, Object value, boolean allowString) {
    if (allowString && value instanceof String text) {
      return List.of(text);
    }
    if (value instanceof JsonArray array && array.stream().allMatch(String.class::isInstance)) {
      return array.stream().map(String.class::cast).toList();
    }
    throw parseFailure(context + "expected field [" + field + "] value to be " + (allowString
        ? "a string or an array of strings" : "an array of strings") + ", but found [" + token(value) + "] instead");
  }

  private static List<String> strings(String role, String field, Object value) {
    if (value == null) {
      return List.of();
    }
    return stringList("failed to parse role [" + role + "]. ", field, value, false);
  }

  private static List<JsonObject> objects(String role, String field, Object value, String what) {
    if (value == null) {
      return List.of();
    }
    if (value instanceof JsonArray array && array.stream().allMatch(JsonObject.class::isInstance)) {
      return array.stream().map(JsonObject.class::cast).toList();
    }
    throw parseFailure("failed to parse " + what + " for role [" + role + "]. expected field [" + field
        + "] value to be an array of objects, but found [" + token(value) + "] instead");
  }

  private static JsonObject object(String role, String field, Object value) {
    if (value == null) {
      return new JsonObject();
    }
    if (value instanceof JsonObject object) {
      return object.copy();
    }
    throw parseFailure("failed to parse role [" + role + "]. expected field [" + field + "] to be of type object, "
        + "but found [" + token(value) + "] instead");
  }

  private static void throwIfAny(List<String> failures) {
    if (!failures.isEmpty()) {
      throw EsError.validation(failures.toArray(String[]::new)).toException();
    }
  }

  private static EsException parseFailure(String reason) {
    return EsError.badRequest("parse_exception", reason).toException();
  }

  /** The name Elasticsearch's parser gives the token it found, for its type messages. */
  public static String token(Object value) {
    if (value instanceof JsonObject) {
      return "START_OBJECT";
    }
    if (value instanceof JsonArray) {
      return "START_ARRAY";
    }
    if (value instanceof String) {
      return "VALUE_STRING";
    }
    if (value instanceof Number) {
      return "VALUE_NUMBER";
    }
    if (value instanceof Boolean) {
      return "VALUE_BOOLEAN";
    }
    return "VALUE_NULL";
  }
}
