package io.infergate.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * Authentication against the file realm and authorization of inference actions by role. Safe to
 * call from any thread; nothing here blocks the caller.
 */
public final class SecurityService {

  private final FileRealm realm;
  private final RoleStore roles;
  private final ConfReloader reloader;
  private final PasswordHashingPool hashing;

  private SecurityService(FileRealm realm, RoleStore roles, ConfReloader reloader,
      PasswordHashingPool hashing) {
    this.realm = realm;
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
          return new SecurityService(realm, roles, reloader, hashing);
        })
        .onFailure(failure -> hashing.close());
  }

  /**
   * Checks the credentials. Fails with {@link AuthenticationFailedException} for an unknown
   * user or a wrong password, and with an {@link io.infergate.bus.EsException} (429
   * {@code es_rejected_execution_exception}) when too many password verifications already wait.
   */
  public Future<AuthenticatedUser> authenticate(String username, String password) {
    return realm.authenticate(username, password);
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
}
