package io.infergate.accounts;

import io.infergate.bus.ApiKey;
import io.infergate.bus.NativeRole;
import io.infergate.bus.NativeUser;
import io.infergate.bus.SecurityLookup;
import io.infergate.registry.ReadView;
import io.infergate.registry.Registries;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** This node's read views of the users, roles and API keys, as the security service and the router read them. */
final class AccountViews implements SecurityLookup {

  private final Registries registries;
  private final ReadView<NativeUser> users;
  private final ReadView<NativeRole> roles;
  private final ReadView<ApiKey> keys;

  AccountViews(Registries registries, ReadView<NativeUser> users, ReadView<NativeRole> roles, ReadView<ApiKey> keys) {
    this.registries = registries;
    this.users = users;
    this.roles = roles;
    this.keys = keys;
  }

  private <D> ReadView<D> serving(ReadView<D> view) {
    registries.refusal().ifPresent(refusal -> {
      throw refusal.toException();
    });
    return view;
  }

  @Override
  public Optional<NativeUser> user(String username) {
    return serving(users).get(username);
  }

  @Override
  public List<NativeUser> users() {
    return serving(users).live().sorted(Comparator.comparing(NativeUser::username)).toList();
  }

  @Override
  public Optional<NativeRole> role(String name) {
    return serving(roles).get(name);
  }

  @Override
  public List<NativeRole> roles() {
    return serving(roles).live().sorted(Comparator.comparing(NativeRole::name)).toList();
  }

  @Override
  public Optional<ApiKey> apiKey(String id) {
    return serving(keys).get(id);
  }

  @Override
  public List<ApiKey> apiKeys() {
    return serving(keys).live().sorted(Comparator.comparingLong(ApiKey::creation).thenComparing(ApiKey::id)).toList();
  }
}
