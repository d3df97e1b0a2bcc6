package io.infergate.bus;

import io.vertx.core.json.JsonObject;

/**
 * Declares, ends or lists the uses of an endpoint, sent to {@link Addresses#REGISTRY}:
 * <pre>
 * {"op":"reference_add",    "inference_id":"my-id", "holder":"search-service", "holder_node":"uuid"|null, "principal":{...}}
 * {"op":"reference_remove", "inference_id":"my-id", "holder":"search-service", "principal":{...}}
 * {"op":"references",       "inference_id":"my-id", "principal":{...}}
 * </pre>
 * A reference with a {@code holder_node} (a cluster member's id) ends by itself when that member
 * leaves the cluster; one without lasts until removed or until the endpoint is deleted with
 * {@code force}. While an endpoint has references, a DELETE without {@code force} is refused (409).
 * Replies: {@code {"inference_id":..., "references":[{"holder":..., "holder_node":..., "since":...}]}}.
 */
public record ReferenceCommand(Op op, String inferenceId, String holder, String holderNode, Principal principal) {

  public enum Op {
    REFERENCE_ADD, REFERENCE_REMOVE, REFERENCES;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Op fromWireName(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public static boolean handles(String op) {
    return op != null && (op.equals("reference_add") || op.equals("reference_remove") || op.equals("references"));
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("op", op.wireName()).put("inference_id", inferenceId);
    if (holder != null) {
      json.put("holder", holder);
    }
    if (holderNode != null) {
      json.put("holder_node", holderNode);
    }
    return json.put("principal", principal.toJson());
  }

  public static ReferenceCommand fromJson(JsonObject json) {
    return new ReferenceCommand(Op.fromWireName(json.getString("op")), json.getString("inference_id"),
        json.getString("holder"), json.getString("holder_node"), Principal.fromJson(json.getJsonObject("principal")));
  }
}
