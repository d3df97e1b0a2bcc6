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
 * Checks passwords against bcrypt hashes for every realm: a password verified before against the
 * same hash is accepted from the {@link CredentialCache} on the calling thread; otherwise bcrypt runs
 * on the {@link PasswordHashingPool}, which fails the check with a 429 when too many already wait.
 */
final class PasswordVerifier {

  private final Vertx vertx;
  private final CredentialCache cache;
  private final PasswordHashingPool hashing;
  private final AtomicLong bcryptVerifications = new AtomicLong();
  // Requests that arrive together with the same uncached password share one bcrypt run, so a
  // burst after a restart or a cache expiry does not queue one bcrypt per request; only distinct
  // passwords count against the hashing pool's queue.
  private final Map<String, Future<Boolean>> inFlight = new ConcurrentHashMap<>();

  PasswordVerifier(Vertx vertx, CredentialCache cache, PasswordHashingPool hashing) {
    this.vertx = vertx;
    this.cache = cache;
    this.hashing = hashing;
  }

  /** True when {@code password} matches {@code hash}; {@code cacheKey} names the user in its realm. */
  Future<Boolean> verify(String cacheKey, String password, String hash) {
    byte[] digest = cache.digest(password);
    if (cache.matches(cacheKey, hash, digest)) {
      return Future.succeededFuture(true);
    }
    return verifyShared(password, hash, digest).map(verified -> {
      if (verified) {
        cache.remember(cacheKey, hash, digest);
      }
      return verified;
    });
  }

  /** The same bcrypt work as a real check, for a user no realm knows: its timing tells nothing. */
  Future<Boolean> decoy(String password, String decoyHash) {
    return decoyHash == null ? Future.succeededFuture(false)
        : verifyShared(password, decoyHash, cache.digest(password));
  }

  /** Forgets the cached passwords of these users (their hashes changed). */
  void forget(java.util.Collection<String> cacheKeys) {
    cache.invalidate(cacheKeys);
  }

  void forgetAll() {
    cache.invalidateAll();
  }

  long bcryptVerifications() {
    return bcryptVerifications.get();
  }

  Future<String> hash(String password) {
    return hashing.submit(() -> Bcrypt.hash(password, Bcrypt.DEFAULT_COST));
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
