package io.infergate.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers passwords that bcrypt already verified, as a keyed digest that is fast to compare,
 * so repeated requests of a user cost no bcrypt. The key is random per process, so the cached
 * digests are useless outside it.
 */
final class CredentialCache {

  private static final String MAC = "HmacSHA256";

  /** A verified password digest and the bcrypt hash it was verified against. */
  private record Entry(String bcryptHash, byte[] digest) {
  }

  private final Cache<String, Entry> entries;
  // One initialised Mac per thread: a provider lookup and key setup per request cost more than the HMAC.
  private final ThreadLocal<Mac> macs;

  CredentialCache(Duration ttl, long maxUsers) {
    this.entries = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(maxUsers).build();
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    SecretKeySpec key = new SecretKeySpec(secret, MAC);
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance(MAC);
        mac.init(key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(MAC + " is part of every Java runtime", e);
      }
    });
  }

  byte[] digest(String password) {
    return macs.get().doFinal(password.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * True when this password was verified against this very hash; an entry made for an older
   * hash of the user (before a password change) never matches.
   */
  boolean matches(String username, String bcryptHash, byte[] digest) {
    Entry entry = entries.getIfPresent(username);
    return entry != null && entry.bcryptHash().equals(bcryptHash)
        && MessageDigest.isEqual(entry.digest(), digest);
  }

  void remember(String username, String bcryptHash, byte[] digest) {
    entries.put(username, new Entry(bcryptHash, digest));
  }

  void invalidate(Collection<String> usernames) {
    entries.invalidateAll(usernames);
  }

  void invalidateAll() {
    entries.invalidateAll();
  }
}
