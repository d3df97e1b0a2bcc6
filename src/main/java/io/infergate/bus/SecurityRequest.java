package io.infergate.bus;

import java.util.List;

/**
 * Writes of the native realm and the API keys (users, roles, keys are documents of the registry).
 * Reads never come here: the router reads this node's view through {@link SecurityLookup}. Every
 * write waits up to {@code timeoutMs} for every gateway's read view, so a disabled user, a changed
 * role or an invalidated key is refused on every node once the write returns acknowledged. Secrets
 * never travel: passwords and keys are hashed by the router first.
 */
public sealed interface SecurityRequest extends RegistryRequest {

  Principal principal();

  long timeoutMs();

  <R> R accept(Handler<R> handler);

  @Override
  default <R> R accept(RegistryRequest.Handler<R> handler) {
    return handler.security(this);
  }

  /** One method per operation. */
  interface Handler<R> {
    R putUser(PutUser request);

    R deleteUser(DeleteUser request);

    R changePassword(ChangePassword request);

    R setEnabled(SetEnabled request);

    R putRole(PutRole request);

    R deleteRole(DeleteRole request);

    R createApiKey(CreateApiKey request);

    R invalidateApiKeys(InvalidateApiKeys request);
  }

  /**
   * Creates or replaces the user; a null {@code passwordHash} keeps an existing user's (a new user
   * without one is 400). Replies {@link SecurityReply.Created}.
   */
  record PutUser(NativeUser user, long timeoutMs, Principal principal) implements SecurityRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.putUser(this);
    }
  }

  /** Replies {@link SecurityReply.Found}. */
  record DeleteUser(String username, long timeoutMs, Principal principal) implements SecurityRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.deleteUser(this);
    }
  }

  /** Replies {@link SecurityReply.Done}; 404 when the native realm has no such user. */
  record ChangePassword(String username, String passwordHash, long timeoutMs, Principal principal)
      implements SecurityRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.changePassword(this);
    }

    @Override
    public String toString() {
      return "ChangePassword[" + username + "]";
    }
  }

  /** Replies {@link SecurityReply.Done}; 404 when the native realm has no such user. */
  record SetEnabled(String username, boolean enabled, long timeoutMs, Principal principal) implements SecurityRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.setEnabled(this);
    }
  }

  /** Creates or replaces the role. Replies {@link SecurityReply.Created}. */
  record PutRole(NativeRole role, long timeoutMs, Principal principal) implements SecurityRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.putRole(this);
    }
  }

  /** Replies {@link SecurityReply.Found}. */
  record DeleteRole(String name, long timeoutMs, Principal principal) implements SecurityRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.deleteRole(this);
    }
  }

  /** Stores a new key (its id is fresh, its secret already hashed). Replies {@link SecurityReply.Done}. */
  record CreateApiKey(ApiKey key, long timeoutMs, Principal principal) implements SecurityRequest {
    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.createApiKey(this);
    }
  }

  /** Marks these keys invalidated (the router chose them). Replies {@link SecurityReply.Invalidated}. */
  record InvalidateApiKeys(List<String> ids, long timeoutMs, Principal principal) implements SecurityRequest {

    public InvalidateApiKeys {
      ids = List.copyOf(ids);
    }

    @Override
    public <R> R accept(Handler<R> handler) {
      return handler.invalidateApiKeys(this);
    }
  }
}
