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

  private SecurityService(FileRealm realm, RoleStore roles, ConfReloader reloader) {
    this.realm = realm;
    this.roles = roles;
    this.reloader = reloader;
  }

  /**
   * Loads the users and roles of {@code config.confDir()} on the worker pool, then watches the
   * files for changes. Fails when the user files exist but cannot be read.
   */
  public static Future<SecurityService> start(Vertx vertx, SecurityConfig config) {
    FileRealm realm = new FileRealm(vertx,
        new CredentialCache(config.cacheTtl(), config.cacheMaxUsers()));
    RoleStore roles = new RoleStore();
    ConfReloader reloader = new ConfReloader(vertx, config.confDir(), realm, roles);
    return reloader.loadInitial().map(loaded -> {
      reloader.watch(config.reloadInterval());
      return new SecurityService(realm, roles, reloader);
    });
  }

  /**
   * Checks the credentials. Fails with {@link AuthenticationFailedException} for an unknown
   * user or a wrong password.
   */
  public Future<AuthenticatedUser> authenticate(String username, String password) {
    return realm.authenticate(username, password);
  }

  /** True when one of the user's roles has a cluster privilege that grants the action. */
  public boolean isAuthorized(AuthenticatedUser user, InferenceAction action) {
    return roles.grants(user.roles(), action);
  }

  /** Stops watching the files and forgets cached passwords. */
  public void close() {
    reloader.stop();
    realm.invalidateCache();
  }

  Future<Void> reload() {
    return reloader.reload();
  }

  long bcryptVerifications() {
    return realm.bcryptVerifications();
  }
}
