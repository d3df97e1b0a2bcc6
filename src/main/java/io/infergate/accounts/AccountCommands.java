package io.infergate.accounts;

import io.infergate.bus.ApiKey;
import io.infergate.bus.BusFailures;
import io.infergate.bus.EsError;
import io.infergate.bus.NativeRole;
import io.infergate.bus.NativeUser;
import io.infergate.bus.SecurityReply;
import io.infergate.bus.SecurityRequest;
import io.infergate.registry.DeleteGuard;
import io.infergate.registry.DocumentRegistry;
import io.infergate.registry.Write;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the registry does with each write of users, roles and API keys: every one goes through the
 * kind's {@link DocumentRegistry}, so it is in the map and the store, in every gateway's view
 * (then acknowledged), and one event, before the reply.
 */
final class AccountCommands implements SecurityRequest.Handler<Future<?>> {

  private final DocumentRegistry<NativeUser> users;
  private final DocumentRegistry<NativeRole> roles;
  private final DocumentRegistry<ApiKey> keys;
  private final DocumentUpdate<NativeUser> userUpdate;
  private final DocumentUpdate<NativeRole> roleUpdate;
  private final DocumentUpdate<ApiKey> keyUpdate;
  private final Clock clock;

  AccountCommands(Vertx vertx, DocumentRegistry<NativeUser> users, DocumentRegistry<NativeRole> roles,
      DocumentRegistry<ApiKey> keys, Clock clock) {
    this.users = users;
    this.roles = roles;
    this.keys = keys;
    this.userUpdate = new DocumentUpdate<>(vertx, users);
    this.roleUpdate = new DocumentUpdate<>(vertx, roles);
    this.keyUpdate = new DocumentUpdate<>(vertx, keys);
    this.clock = clock;
  }

  @Override
  public Future<SecurityReply.Created> putUser(SecurityRequest.PutUser request) {
    NativeUser user = request.user();
    return userUpdate.apply(user.username(), current -> {
      if (user.passwordHash() != null) {
        return user;
      }
      return current.map(existing -> user.withPasswordHash(existing.passwordHash())).orElseThrow(() ->
          validation("password must be specified unless you are updating an existing user"));
    }, request.principal(), request.timeoutMs()).map(AccountCommands::created);
  }

  @Override
  public Future<SecurityReply.Found> deleteUser(SecurityRequest.DeleteUser request) {
    return users.delete(request.username(), DeleteGuard.mustExist("native user"), request.principal(),
        request.timeoutMs()).map(write -> new SecurityReply.Found(write.applied(), write.acknowledged()));
  }

  @Override
  public Future<SecurityReply.Done> changePassword(SecurityRequest.ChangePassword request) {
    return userUpdate.apply(request.username(), current -> current
            .map(existing -> existing.withPasswordHash(request.passwordHash()))
            .orElseThrow(() -> validation("user must exist in order to change password")),
        request.principal(), request.timeoutMs()).map(AccountCommands::done);
  }

  @Override
  public Future<SecurityReply.Done> setEnabled(SecurityRequest.SetEnabled request) {
    return userUpdate.apply(request.username(), current -> current
            .map(existing -> existing.withEnabled(request.enabled()))
            .orElseThrow(() -> new EsError(404, "resource_not_found_exception",
                "user [" + request.username() + "] does not exist").toException()),
        request.principal(), request.timeoutMs()).map(AccountCommands::done);
  }

  @Override
  public Future<SecurityReply.Created> putRole(SecurityRequest.PutRole request) {
    return roleUpdate.apply(request.role().name(), current -> request.role(), request.principal(), request.timeoutMs())
        .map(AccountCommands::created);
  }

  @Override
  public Future<SecurityReply.Found> deleteRole(SecurityRequest.DeleteRole request) {
    return roles.delete(request.name(), DeleteGuard.mustExist("role"), request.principal(), request.timeoutMs())
        .map(write -> new SecurityReply.Found(write.applied(), write.acknowledged()));
  }

  @Override
  public Future<SecurityReply.Done> createApiKey(SecurityRequest.CreateApiKey request) {
    ApiKey key = request.key();
    return keys.create(key.id(), key, request.principal(), request.timeoutMs()).map(write -> {
      if (!write.applied()) {
        throw EsError.statusException(409, "API key [" + key.id() + "] already exists").toException();
      }
      return new SecurityReply.Done(write.acknowledged());
    });
  }

  @Override
  public Future<SecurityReply.Invalidated> invalidateApiKeys(SecurityRequest.InvalidateApiKeys request) {
    List<String> invalidated = Collections.synchronizedList(new ArrayList<>());
    List<String> previously = Collections.synchronizedList(new ArrayList<>());
    List<EsError> errors = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean acknowledged = new AtomicBoolean(true);
    List<Future<Void>> each = request.ids().stream().map(id -> keyUpdate.apply(id, current -> {
        ApiKey key = current.orElseThrow(() -> new EsError(404, "resource_not_found_exception",
            "unable to find apikey with id " + id).toException());
        return key.invalidated() ? key : key.invalidatedAt(clock.millis());
      }, request.principal(), request.timeoutMs()).transform(result -> {
        if (result.failed()) {
          errors.add(BusFailures.toError(result.cause()));
        } else if (result.result().isEmpty()) {
          previously.add(id);
        } else {
          invalidated.add(id);
          if (!result.result().get().acknowledged()) {
            acknowledged.set(false);
          }
        }
        return Future.<Void>succeededFuture();
      })).toList();
    return Future.join(each).map(all -> new SecurityReply.Invalidated(invalidated, previously, errors,
        acknowledged.get()));
  }

  private static SecurityReply.Done done(Optional<Write> write) {
    return new SecurityReply.Done(write.map(Write::acknowledged).orElse(true));
  }

  private static SecurityReply.Created created(Optional<Write> write) {
    return new SecurityReply.Created(write.map(written -> written.found() == null).orElse(false),
        write.map(Write::acknowledged).orElse(true));
  }

  private static RuntimeException validation(String failure) {
    return new EsError(400, "validation_exception", "Validation Failed: 1: " + failure + ";").toException();
  }
}
