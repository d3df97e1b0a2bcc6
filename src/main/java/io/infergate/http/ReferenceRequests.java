package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.bus.Principal;
import io.infergate.bus.ReferenceRequest;
import io.infergate.bus.References;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * {@code PUT|DELETE /_inference/{id}/_references/{holder}} and {@code GET /_inference/{id}/_references}:
 * declare, end and list the uses of an endpoint. A reference declared over HTTP lasts until it is
 * deleted, or until the endpoint is deleted with {@code force}.
 */
final class ReferenceRequests {

  static final Pattern VALID_HOLDER = Pattern.compile("[A-Za-z0-9_.:@-]{1,128}");

  private final RegistryClient registry;

  ReferenceRequests(RegistryClient registry) {
    this.registry = registry;
  }

  Future<JsonObject> add(String id, String holder, Principal principal) {
    return send(new ReferenceRequest.Add(id, validHolder(holder), null, principal));
  }

  Future<JsonObject> remove(String id, String holder, Principal principal) {
    return send(new ReferenceRequest.Remove(id, validHolder(holder), principal));
  }

  Future<JsonObject> list(String id, Principal principal) {
    return send(new ReferenceRequest.Lookup(id, principal));
  }

  private Future<JsonObject> send(ReferenceRequest request) {
    return registry.<References>send(request).map(ReplyJson::references);
  }

  private static String validHolder(String holder) {
    if (!VALID_HOLDER.matcher(holder).matches()) {
      throw HttpFailure.of(EsError.validation("Invalid holder; '" + holder + "' must be 1 to 128 letters, digits, "
          + "'_', '-', '.', ':' or '@'"));
    }
    return holder;
  }
}
