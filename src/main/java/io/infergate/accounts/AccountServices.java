package io.infergate.accounts;

import io.infergate.bus.ApiKey;
import io.infergate.bus.NativeRole;
import io.infergate.bus.NativeUser;
import io.infergate.bus.SecurityLookup;
import io.infergate.bus.SecurityRequest;
import io.infergate.registry.DocumentRegistry;
import io.infergate.registry.Registries;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;

/**
 * Native users, roles and API keys on top of the registry: their writes ({@link SecurityRequest}s)
 * and this node's views of them ({@link SecurityLookup}).
 */
public final class AccountServices {

  private final Registries registries;
  private final AccountCommands commands;
  private final AccountViews views;
  private final AccountResealing resealing;
  private final Context registryContext;

  public AccountServices(Vertx vertx, Registries registries, AccountKinds kinds, Clock clock) {
    this.registries = registries;
    DocumentRegistry<NativeUser> users = registries.of(kinds.users());
    DocumentRegistry<NativeRole> roles = registries.of(kinds.roles());
    DocumentRegistry<ApiKey> keys = registries.of(kinds.apiKeys());
    this.commands = new AccountCommands(vertx, users, roles, keys, clock);
    this.views = new AccountViews(registries, users.view(), roles.view(), keys.view());
    this.resealing = new AccountResealing(List.of(
        new AccountResealing.Rewriter<>(users, kinds.users(), new DocumentUpdate<>(vertx, users)),
        new AccountResealing.Rewriter<>(roles, kinds.roles(), new DocumentUpdate<>(vertx, roles)),
        new AccountResealing.Rewriter<>(keys, kinds.apiKeys(), new DocumentUpdate<>(vertx, keys))));
    // made by the registry verticle as it starts: its own context
    this.registryContext = vertx.getOrCreateContext();
  }

  /**
   * The oldest gateway writes again what is sealed or signed under a key kept for a rotation only:
   * at its start, when a member left, and after every node reloaded its keystore. Callable from any
   * thread; runs on the registry's loop.
   */
  public void resealSecrets() {
    registryContext.runOnContext(v -> {
      if (registries.isServing() && registries.isOldestGateway()) {
        resealing.run();
      }
    });
  }

  public SecurityRequest.Handler<Future<?>> commands() {
    return commands;
  }

  public SecurityLookup views() {
    return views;
  }
}
