package io.infergate.accounts;

import io.infergate.bus.ApiKey;
import io.infergate.bus.NativeRole;
import io.infergate.bus.NativeUser;
import io.infergate.bus.SecurityLookup;
import io.infergate.bus.SecurityRequest;
import io.infergate.registry.DocumentRegistry;
import io.infergate.registry.Registries;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * Native users, roles and API keys on top of the registry: their writes ({@link SecurityRequest}s)
 * and this node's views of them ({@link SecurityLookup}).
 */
public final class AccountServices {

  private final AccountCommands commands;
  private final AccountViews views;

  public AccountServices(Vertx vertx, Registries registries, AccountKinds kinds, Clock clock) {
    DocumentRegistry<NativeUser> users = registries.of(kinds.users());
    DocumentRegistry<NativeRole> roles = registries.of(kinds.roles());
    DocumentRegistry<ApiKey> keys = registries.of(kinds.apiKeys());
    this.commands = new AccountCommands(vertx, users, roles, keys, clock);
    this.views = new AccountViews(registries, users.view(), roles.view(), keys.view());
  }

  public SecurityRequest.Handler<Future<?>> commands() {
    return commands;
  }

  public SecurityLookup views() {
    return views;
  }
}
