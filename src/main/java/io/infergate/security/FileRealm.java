package io.infergate.security;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@code default_file} realm: checks a user name and password against the current
 * {@link UserSnapshot}. A password seen before is accepted from the {@link CredentialCache} on
 * the calling thread; otherwise bcrypt runs on the {@link PasswordHashingPool}, which fails the
 * authentication with a 429 when too many verifications already wait for it.
 */
final class FileRealm {

  static final String NAME = "default_file";
  static final String TYPE = "file";

  private final Vertx vertx;
  private final CredentialCache cache;
  private final PasswordHashingPool hashing;
  private final AtomicLong bcryptVerifications = new AtomicLong();
  // Requests that arrive together with the same uncached password share one bcrypt run, so a
  // burst after a restart or a cache expiry does not queue one bcrypt per request; only distinct
  // passwords count against the hashing pool's queue.
  private final Map<String, Future<Boolean>> inFlight = new ConcurrentHashMap<>();
  private volatile UserSnapshot users = UserSnapshot.EMPTY;

  FileRealm(Vertx vertx, CredentialCache cache, PasswordHashingPool hashing) {
    this.vertx = vertx;
    this.cache = cache;
    this.hashing = hashing;
  }

  /** Switches to new file contents and forgets cached passwords that no longer apply. */
  void replaceUsers(UserSnapshot newer) {
    UserSnapshot older = users;
    users = newer;
    cache.invalidate(older.usersWithChangedPassword(newer));
  }

  Future<AuthenticatedUser> authenticate(String username, String password) {
    if (username == null || password == null) {
      return Future.failedFuture(new AuthenticationFailedException(username));
    }
    UserSnapshot snapshot = users;
    String hash = snapshot.passwordHash(username);
    if (hash == null) {
      String decoy = snapshot.decoyHash();
      Future<Boolean> sameWork = decoy == null ? Future.succeededFuture(false)
          : verifyShared(password, decoy, cache.digest(password));
      return sameWork.transform(ignored -> Future.failedFuture(new AuthenticationFailedException(username)));
    }
    byte[] digest = cache.digest(password);
    if (cache.matches(username, hash, digest)) {
      return Future.succeededFuture(user(username));
    }
    return verifyShared(password, hash, digest).compose(verified -> {
      if (!verified) {
        return Future.failedFuture(new AuthenticationFailedException(username));
      }
      cache.remember(username, hash, digest);
      return Future.succeededFuture(user(username));
    });
  }

  void invalidateCache() {
    cache.invalidateAll();
  }

  long bcryptVerifications() {
    return bcryptVerifications.get();
  }

  private AuthenticatedUser user(String username) {
    return new AuthenticatedUser(username, users.roles(username), NAME, TYPE);
  }

  private Future<Boolean> verifyShared(String password, String hash, byte[] digest) {
    String key = hash + '/' + Base64.getEncoder().encodeToString(digest);
    Promise<Boolean> started = Promise.promise();
    Future<Boolean> mine = started.future();
    Future<Boolean> shared = inFlight.putIfAbsent(key, mine);
    if (shared == null) {
      shared = mine;
      hashing.submit(() -> {
        bcryptVerifications.incrementAndGet();
        return Bcrypt.verify(password, hash);
      }).onComplete(result -> {
        inFlight.remove(key, mine);
        started.handle(result);
      });
    }
    // The shared future completes on whichever context started the run; hand the result back on
    // the caller's own context so its handlers keep Vert.x's one-thread-per-context guarantee.
    Context caller = vertx.getOrCreateContext();
    Promise<Boolean> result = Promise.promise();
    shared.onComplete(outcome -> caller.runOnContext(v -> result.handle(outcome)));
    return result.future();
  }
}
