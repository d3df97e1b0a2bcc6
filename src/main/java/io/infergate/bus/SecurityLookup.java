package io.infergate.bus;

import java.util.List;
import java.util.Optional;

/**
 * This node's read views of the native users, roles and API keys, read on the caller's thread:
 * authentication and the security GET routes never hop to the registry. Every gateway has applied a
 * change to its views before the change is acknowledged, so once a write returns, every node
 * authenticates and authorizes with it.
 *
 * <p>Every method throws an {@link EsException} (503 {@code cluster_block_exception}) while this
 * node does not serve (cut off or catching up).
 */
public interface SecurityLookup {

  Optional<NativeUser> user(String username);

  /** Every native user, sorted by name. */
  List<NativeUser> users();

  Optional<NativeRole> role(String name);

  /** Every native role, sorted by name. */
  List<NativeRole> roles();

  /** The key with this id, invalidated and expired ones included. */
  Optional<ApiKey> apiKey(String id);

  /** Every key, invalidated and expired ones included, sorted by creation then id. */
  List<ApiKey> apiKeys();

  /** A lookup with no users, roles or keys: a security service of the file realm alone. */
  static SecurityLookup none() {
    return new SecurityLookup() {
      @Override
      public Optional<NativeUser> user(String username) {
        return Optional.empty();
      }

      @Override
      public List<NativeUser> users() {
        return List.of();
      }

      @Override
      public Optional<NativeRole> role(String name) {
        return Optional.empty();
      }

      @Override
      public List<NativeRole> roles() {
        return List.of();
      }

      @Override
      public Optional<ApiKey> apiKey(String id) {
        return Optional.empty();
      }

      @Override
      public List<ApiKey> apiKeys() {
        return List.of();
      }
    };
  }
}
