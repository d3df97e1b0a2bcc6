package io.infergate.accounts;

import io.infergate.registry.DocumentKind;
import io.infergate.secrets.SecretSettingsCodec;
import java.util.List;

/** The three security document kinds of a node, built with its cipher. */
public record AccountKinds(UserKind users, RoleKind roles, ApiKeyKind apiKeys) {

  public static AccountKinds sealedWith(SecretSettingsCodec secrets) {
    return new AccountKinds(new UserKind(secrets), new RoleKind(secrets), new ApiKeyKind(secrets));
  }

  public List<DocumentKind<?>> all() {
    return List.of(users, roles, apiKeys);
  }
}
