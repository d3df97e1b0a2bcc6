package io.infergate.accounts;

import io.infergate.bus.NativeRole;
import io.infergate.registry.DocumentKind;
import io.infergate.secrets.SecretSettingsCodec;
import io.infergate.store.StoreWinsMergePolicy;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The native realm's roles: map {@code infergate.roles}, table {@code infergate_roles}. */
public final class RoleKind extends SecurityDocumentKind<NativeRole> {

  public static final String NAME = "roles";

  /** The roles' map heals from its table's rows after a split brain. */
  public static final class MergePolicy extends StoreWinsMergePolicy {
    public MergePolicy() {
      super(DocumentKind.tableOf(NAME));
    }
  }

  public RoleKind(SecretSettingsCodec secrets) {
    super(NAME, "role", "name", List.of("name"), secrets);
  }

  @Override
  public String mergePolicy() {
    return MergePolicy.class.getName();
  }

  @Override
  public JsonObject toBody(NativeRole role) {
    return new JsonObject().put("name", role.name()).put("descriptor", role.descriptor());
  }

  @Override
  public NativeRole fromBody(JsonObject body) {
    return new NativeRole(body.getString("name"), body.getJsonObject("descriptor", new JsonObject()));
  }
}
