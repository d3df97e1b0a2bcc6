package io.infergate.security;

import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;

/**
 * Authentication against the file realm and authorization of inference actions by role. Safe to
 * call from any thread; nothing here blocks the caller.
 */
public final class SecurityService {

  private final FileRealm realm;
  private final RoleStore roles;
  private final ConfReloader reloader;
  private final PasswordHashingPool hashing;
  private final LoginThrottle throttle;

  private SecurityService(FileRealm realm, RoleStore roles, ConfReloader reloader,
      PasswordHashingPool hashing, LoginThrottle throttle) {
    this.realm = realm;
    this.throttle = throttle;
    this.roles = roles;
    this.reloader = reloader;
    this.hashing = hashing;
  }

  /**
   * Loads the users and roles of {@code config.confDir()} on the worker pool, then watches the
   * files for changes. Fails when the user files exist but cannot be read.
   */
  public static Future<SecurityService> start(Vertx vertx, SecurityConfig config) {
    PasswordHashingPool hashing =
        new PasswordHashingPool(vertx, config.hashingThreads(), config.hashingQueueSize());
    FileRealm realm = new FileRealm(vertx,
        new CredentialCache(config.cacheTtl(), config.cacheMaxUsers()), hashing);
    RoleStore roles = new RoleStore();
    ConfReloader reloader = new ConfReloader(vertx, config.confDir(), realm, roles);
    return reloader.loadInitial()
        .map(loaded -> {
          reloader.watch(config.reloadInterval());
          return new SecurityService(realm, roles, reloader, hashing,
              new LoginThrottle(config.throttle(), Ticker.systemTicker()));
        })
        .onFailure(failure -> hashing.close());
  }

  /**
   * Checks the credentials sent by {@code client} (the connection's peer). Fails with
   * {@link AuthenticationFailedException} for an unknown user or a wrong password; with
   * {@link AuthenticationThrottledException}, checking nothing, while earlier failures of that user
   * name at that address, or of that address, throttle it (see {@link LoginThrottle}); and with an
   * {@link io.infergate.bus.EsException} (429 {@code es_rejected_execution_exception}) when too many
   * password verifications already wait.
   */
  public Future<AuthenticatedUser> authenticate(String username, String password, SocketAddress client) {
    LoginThrottle.Attempt attempt = throttle.admit(username, client == null ? null : client.hostAddress());
    if (attempt.refusal() != null) {
      return Future.failedFuture(attempt.refusal());
    }
    return realm.authenticate(username, password).andThen((user, failure) -> attempt.finish(failure));
  }

  /** True when one of the user's roles has a cluster privilege that grants the action. */
  public boolean isAuthorized(AuthenticatedUser user, InferenceAction action) {
    return roles.grants(user.roles(), action);
  }

  /**
   * Stops watching the files, forgets cached passwords and stops the password-hashing threads;
   * authentications still waiting for them fail.
   */
  public Future<Void> close() {
    reloader.stop();
    realm.invalidateCache();
    return hashing.close();
  }

  Future<Void> reload() {
    return reloader.reload();
  }

  long bcryptVerifications() {
    return realm.bcryptVerifications();
  }

  PasswordHashingPool hashingPool() {
    return hashing;
  }

  LoginThrottle throttle() {
    return throttle;
  }
}
