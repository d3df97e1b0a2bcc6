package io.infergate.accounts;

import io.infergate.registry.DocumentKind;
import io.infergate.secrets.SecretSettingsCodec;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What the three security kinds (users, roles, API keys) share: their map, table, event log and
 * address named after the kind, and the one secret each may hold (a password or key hash) kept
 * under {@code credentials}, sealed by the node's cipher before it enters a map, the store or an
 * event, and opened only for this node's read view.
 */
abstract class SecurityDocumentKind<D> implements DocumentKind<D> {

  private static final String CREDENTIALS = "credentials";

  private final String name;
  private final String subject;
  private final String idField;
  private final List<String> identityFields;
  private final SecretSettingsCodec secrets;

  SecurityDocumentKind(String name, String subject, String idField, List<String> identityFields,
      SecretSettingsCodec secrets) {
    this.name = name;
    this.subject = subject;
    this.idField = idField;
    this.identityFields = List.copyOf(identityFields);
    this.secrets = secrets;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String subject() {
    return subject;
  }

  @Override
  public String idField() {
    return idField;
  }

  @Override
  public String eventLog() {
    return "infergate." + name + ".events";
  }

  @Override
  public String eventAddress() {
    return eventLog();
  }

  @Override
  public List<String> identityFields() {
    return identityFields;
  }

  @Override
  public JsonObject eventFields(JsonObject body) {
    JsonObject fields = new JsonObject();
    identityFields.forEach(field -> fields.put(field, body.getValue(field)));
    return fields;
  }

  /** {@code body} with {@code hash} sealed under {@code credentials} (none when null). */
  JsonObject withCredential(JsonObject body, String id, String field, String hash) {
    if (hash != null) {
      body.put(CREDENTIALS, secrets.seal(id, new JsonObject().put(field, hash)));
    }
    return body;
  }

  /** The hash sealed in a stored body, opened; null when it holds none. */
  String credential(JsonObject body, String id, String field) {
    JsonObject sealed = body.getJsonObject(CREDENTIALS);
    return sealed == null ? null : secrets.open(id, sealed).getString(field);
  }

  /** Whether this node would seal the stored credential differently (plaintext, or a decrypt-only key). */
  boolean needsResealing(JsonObject body) {
    JsonObject sealed = body.getJsonObject(CREDENTIALS);
    return sealed != null && secrets.needsResealing(sealed);
  }
}
