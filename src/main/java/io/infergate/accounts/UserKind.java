package io.infergate.accounts;

import io.infergate.bus.NativeUser;
import io.infergate.registry.DocumentKind;
import io.infergate.secrets.SecretSettingsCodec;
import io.infergate.store.StoreWinsMergePolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The native realm's users: map {@code infergate.users}, table {@code infergate_users}; the password hash sealed. */
public final class UserKind extends SecurityDocumentKind<NativeUser> {

  public static final String NAME = "users";
  private static final String HASH = "password_hash";

  /** The users' map heals from its table's rows after a split brain. */
  public static final class MergePolicy extends StoreWinsMergePolicy {
    public MergePolicy() {
      super(DocumentKind.tableOf(NAME));
    }
  }

  public UserKind(SecretSettingsCodec secrets) {
    super(NAME, "native user", "username", List.of("username"), secrets);
  }

  @Override
  public String mergePolicy() {
    return MergePolicy.class.getName();
  }

  @Override
  public JsonObject toBody(NativeUser user) {
    return withCredential(user.toJson(), user.username(), HASH, user.passwordHash());
  }

  @Override
  public NativeUser fromBody(JsonObject body) {
    String username = body.getString("username");
    return new NativeUser(username, credential(body, username, HASH),
        body.getJsonArray("roles", new JsonArray()).stream().map(String::valueOf).toList(),
        body.getString("full_name"), body.getString("email"), body.getJsonObject("metadata", new JsonObject()),
        body.getBoolean("enabled", true));
  }
}
