package io.infergate.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.infergate.bus.ApiKey;
import io.infergate.bus.SecurityLookup;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Authenticates {@code Authorization: ApiKey} credentials against this node's view of the keys,
 * read on every request: a key invalidated (or a key whose expiration passed) is refused as soon as
 * the view has the change, which is before the invalidation is acknowledged. A verified secret is
 * remembered per key and per stored hash, and the user a key authenticates as per document, so a
 * request with a known key costs one HMAC.
 */
final class ApiKeyRealm {

  static final String NAME = "_es_api_key";
  static final String TYPE = "_es_api_key";

  /** The user a key's document authenticates as, made once per document the view holds. */
  private record Grant(ApiKey key, AuthenticatedUser user) {
  }

  private final SecurityLookup lookup;
  private final CredentialCache verified;
  private final Cache<String, Grant> grants;
  private final Clock clock;

  ApiKeyRealm(SecurityLookup lookup, CredentialCache verified, long maxKeys, Clock clock) {
    this.lookup = lookup;
    this.verified = verified;
    this.grants = Caffeine.newBuilder().maximumSize(maxKeys).build();
    this.clock = clock;
  }

  /** Runs on the caller's thread: nothing here waits. Throws {@link ApiKeyRejectedException} or a 503. */
  AuthenticatedUser authenticate(String id, String secret) {
    // Elasticsearch's checks, in its order and words.
    ApiKey key = lookup.apiKey(id).orElseThrow(() -> new ApiKeyRejectedException("unable to find apikey with id " + id));
    if (key.invalidated()) {
      throw new ApiKeyRejectedException("api key has been invalidated");
    }
    byte[] digest = verified.digest(secret);
    if (!verified.matches(id, key.hash(), digest)) {
      if (!ApiKeySecrets.verify(secret, key.hash())) {
        throw new ApiKeyRejectedException("invalid credentials");
      }
      verified.remember(id, key.hash(), digest);
    }
    if (key.isExpiredAt(clock.millis())) {
      throw new ApiKeyRejectedException("api key is expired");
    }
    Grant known = grants.getIfPresent(id);
    // The view makes a new document for every change of the key: the same one is the same grant.
    if (known != null && known.key() == key) {
      return known.user();
    }
    ApiKeyGrant grant = new ApiKeyGrant(id, key.name(), key.realm(), privileges(key.roleDescriptors()),
        privileges(key.limitedBy()));
    AuthenticatedUser user = new AuthenticatedUser(key.username(), List.of(), NAME, TYPE, null, null, null, grant);
    grants.put(id, new Grant(key, user));
    return user;
  }

  /** The cluster privileges of each descriptor (role name to descriptor); unknown names grant nothing. */
  private static List<Set<ClusterPrivilege>> privileges(JsonObject descriptors) {
    return descriptors.stream().map(entry -> {
      Set<ClusterPrivilege> privileges = EnumSet.noneOf(ClusterPrivilege.class);
      if (entry.getValue() instanceof JsonObject descriptor && descriptor.getValue("cluster") instanceof Iterable<?> names) {
        names.forEach(name -> ClusterPrivilege.named(String.valueOf(name)).ifPresent(privileges::add));
      }
      return (Set<ClusterPrivilege>) privileges;
    }).toList();
  }
}
