package io.infergate.security;

import com.github.benmanes.caffeine.cache.Ticker;
import io.infergate.bus.SecurityLookup;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Authentication (the file realm, then the native realm, as Elasticsearch orders them; API keys) and
 * authorization of cluster actions by role or by API key. Safe to call from any thread; nothing here
 * blocks the caller.
 */
public final class SecurityService {

  private final FileRealm fileRealm;
  private final NativeRealm nativeRealm;
  private final ApiKeyRealm apiKeys;
  private final PasswordVerifier passwords;
  private final RoleStore roles;
  private final ConfReloader reloader;
  private final PasswordHashingPool hashing;
  private final LoginThrottle throttle;

  private SecurityService(PasswordVerifier passwords, FileRealm fileRealm, NativeRealm nativeRealm,
      ApiKeyRealm apiKeys, RoleStore roles, ConfReloader reloader, PasswordHashingPool hashing,
      LoginThrottle throttle) {
    this.passwords = passwords;
    this.fileRealm = fileRealm;
    this.nativeRealm = nativeRealm;
    this.apiKeys = apiKeys;
    this.throttle = throttle;
    this.roles = roles;
    this.reloader = reloader;
    this.hashing = hashing;
  }

  /** A service of the file realm alone: no native users, roles or API keys. */
  public static Future<SecurityService> start(Vertx vertx, SecurityConfig config) {
    return start(vertx, config, SecurityLookup.none());
  }

  /**
   * Loads the users and roles of {@code config.confDir()} on the worker pool, then watches the
   * files for changes. Native users, roles and API keys are read from {@code registry}, this node's
   * views. Fails when the user files exist but cannot be read.
   */
  public static Future<SecurityService> start(Vertx vertx, SecurityConfig config, SecurityLookup registry) {
    PasswordHashingPool hashing =
        new PasswordHashingPool(vertx, config.hashingThreads(), config.hashingQueueSize());
    PasswordVerifier passwords = new PasswordVerifier(vertx,
        new CredentialCache(config.cacheTtl(), config.cacheMaxUsers()), hashing);
    FileRealm fileRealm = new FileRealm(passwords);
    RoleStore roles = new RoleStore();
    roles.useNativeRoles(registry);
    ConfReloader reloader = new ConfReloader(vertx, config.confDir(), fileRealm, roles);
    return reloader.loadInitial()
        .map(loaded -> {
          reloader.watch(config.reloadInterval());
          return new SecurityService(passwords, fileRealm, new NativeRealm(registry, passwords),
              new ApiKeyRealm(registry, new CredentialCache(config.cacheTtl(), config.cacheMaxUsers()),
                  config.cacheMaxUsers(), Clock.systemUTC()),
              roles, reloader, hashing, new LoginThrottle(config.throttle(), Ticker.systemTicker()));
        })
        .onFailure(failure -> hashing.close());
  }

  /**
   * Checks the credentials sent by {@code client} (the connection's peer) against the file realm,
   * then the native realm. Fails with {@link AuthenticationFailedException} for an unknown user, a
   * disabled one or a wrong password; with {@link AuthenticationThrottledException}, checking
   * nothing, while earlier failures of that user name at that address, or of that address, throttle
   * it (see {@link LoginThrottle}); and with an {@link io.infergate.bus.EsException} (429
   * {@code es_rejected_execution_exception}) when too many password verifications already wait.
   */
  public Future<AuthenticatedUser> authenticate(String username, String password, SocketAddress client) {
    LoginThrottle.Attempt attempt = throttle.admit(username, client == null ? null : client.hostAddress());
    if (attempt.refusal() != null) {
      return Future.failedFuture(attempt.refusal());
    }
    return realms(username, password).andThen((user, failure) -> attempt.finish(failure));
  }

  private Future<AuthenticatedUser> realms(String username, String password) {
    if (username == null || password == null) {
      return Future.failedFuture(new AuthenticationFailedException(username));
    }
    boolean inFile = fileRealm.knows(username);
    boolean inNative;
    try {
      inNative = nativeRealm.user(username).isPresent();
    } catch (RuntimeException notServing) {
      inNative = false; // the file realm still answers for its users while the registry cannot
    }
    if (!inFile && !inNative) {
      return passwords.decoy(password, fileRealm.decoyHash())
          .transform(ignored -> Future.failedFuture(new AuthenticationFailedException(username)));
    }
    Future<AuthenticatedUser> file = inFile ? fileRealm.authenticate(username, password)
        : Future.failedFuture(new AuthenticationFailedException(username));
    return inNative ? file.recover(failed -> failed instanceof AuthenticationFailedException
        ? nativeRealm.authenticate(username, password) : Future.failedFuture(failed)) : file;
  }

  /**
   * Checks an {@code ApiKey} credential on the caller's thread (a salted SHA-256, or a cached HMAC).
   * Fails with {@link ApiKeyRejectedException} (unknown, wrong secret, invalidated, expired). Not
   * throttled as passwords are: a check costs microseconds and a 128-bit secret cannot be guessed, while
   * a 429 would make the official clients retry a key that was revoked.
   */
  public Future<AuthenticatedUser> authenticateApiKey(String id, String secret) {
    try {
      return Future.succeededFuture(apiKeys.authenticate(id, secret));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** True when {@code conf/users} holds this user (its password is changed there, not through the API). */
  public boolean isFileRealmUser(String username) {
    return fileRealm.knows(username);
  }

  /** True when the user's roles, or its API key, grant the action. */
  public boolean isAuthorized(AuthenticatedUser user, ClusterAction action) {
    return user.isApiKey() ? user.apiKey().grants(action) : roles.grants(user.roles(), action);
  }

  /** The names of the cluster privileges the user's roles hold, sorted ({@code GET /_security/user/_privileges}). */
  public java.util.SortedSet<String> clusterPrivilegeNames(AuthenticatedUser user) {
    java.util.SortedSet<String> names = new java.util.TreeSet<>();
    user.roles().forEach(role -> roles.privileges(role).ifPresent(privileges ->
        privileges.forEach(privilege -> names.add(privilege.privilegeName()))));
    return names;
  }

  /**
   * True when the user may apply an API key action to every user's keys, not only its own:
   * {@code manage_own_api_key} grants the same actions as {@code manage_api_key}, so
   * {@link #isAuthorized} cannot tell them apart; this counts only the other privileges.
   */
  public boolean reachesEveryKey(AuthenticatedUser user, ClusterAction action) {
    Predicate<ClusterPrivilege> everyKey = privilege -> !privilege.isOwnKeysOnly();
    return user.isApiKey() ? user.apiKey().grants(action, everyKey) : roles.grants(user.roles(), action, everyKey);
  }

  /** True when the user holds every action of {@code privilege} ({@code _has_privileges}). */
  public boolean hasPrivilege(AuthenticatedUser user, ClusterPrivilege privilege) {
    return Arrays.stream(ClusterAction.values()).filter(privilege::grants).allMatch(action -> isAuthorized(user, action));
  }

  /**
   * The descriptors of the user's roles now, by role name: a new API key's {@code limited_by}. Unknown
   * role names are left out. For a key made with an API key, the creating key's own limits.
   */
  public JsonObject roleDescriptorsOf(AuthenticatedUser user) {
    Map<String, JsonObject> byName = new TreeMap<>();
    user.roles().forEach(name -> roles.descriptor(name).ifPresent(descriptor -> byName.put(name, descriptor)));
    JsonObject descriptors = new JsonObject();
    byName.forEach(descriptors::put);
    return descriptors;
  }

  /** True for the names of the built-in roles, which cannot be changed or deleted. */
  public static boolean isReservedRole(String name) {
    return RoleStore.isBuiltIn(name);
  }

  /** The built-in roles' descriptors by name ({@code metadata._reserved: true}). */
  public static Map<String, JsonObject> reservedRoles() {
    return RoleStore.builtInDescriptors();
  }

  /** A bcrypt hash of {@code password}, made on the password-hashing pool (429 when it is full). */
  public Future<String> hashPassword(String password) {
    return passwords.hash(password);
  }

  /**
   * Stops watching the files, forgets cached passwords and stops the password-hashing threads;
   * authentications still waiting for them fail.
   */
  public Future<Void> close() {
    reloader.stop();
    passwords.forgetAll();
    return hashing.close();
  }

  Future<Void> reload() {
    return reloader.reload();
  }

  long bcryptVerifications() {
    return passwords.bcryptVerifications();
  }

  PasswordHashingPool hashingPool() {
    return hashing;
  }

  LoginThrottle throttle() {
    return throttle;
  }
}
