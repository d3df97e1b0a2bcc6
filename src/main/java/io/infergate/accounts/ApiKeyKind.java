package io.infergate.accounts;

import io.infergate.bus.ApiKey;
import io.infergate.registry.DocumentKind;
import io.infergate.secrets.SecretSettingsCodec;
import io.infergate.store.StoreWinsMergePolicy;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** API keys: map {@code infergate.api_keys}, table {@code infergate_api_keys}; the key's hash sealed, never its secret. */
public final class ApiKeyKind extends SecurityDocumentKind<ApiKey> {

  public static final String NAME = "api_keys";
  private static final String HASH = "api_key_hash";

  /** The keys' map heals from its table's rows after a split brain. */
  public static final class MergePolicy extends StoreWinsMergePolicy {
    public MergePolicy() {
      super(DocumentKind.tableOf(NAME));
    }
  }

  public ApiKeyKind(SecretSettingsCodec secrets) {
    super(NAME, "API key", "id", List.of("id", "name", "username"), secrets);
  }

  @Override
  public String mergePolicy() {
    return MergePolicy.class.getName();
  }

  @Override
  public JsonObject toBody(ApiKey key) {
    JsonObject body = key.toJson(false).put("limited_by", key.limitedBy());
    return withCredential(body, key.id(), HASH, key.hash());
  }

  @Override
  public ApiKey fromBody(JsonObject body) {
    String id = body.getString("id");
    return new ApiKey(id, body.getString("name"), credential(body, id, HASH), body.getLong("creation"),
        body.getLong("expiration"), body.getBoolean("invalidated", false), body.getLong("invalidation"),
        body.getString("username"), body.getString("realm"), body.getString("realm_type"),
        body.getJsonObject("metadata"), body.getJsonObject("role_descriptors"), body.getJsonObject("limited_by"));
  }
}
