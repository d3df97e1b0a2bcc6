package io.infergate.accounts;

import io.infergate.bus.ApiKey;
import io.infergate.bus.EsError;
import io.infergate.bus.NativeRole;
import io.infergate.bus.NativeUser;
import io.infergate.bus.SecurityLookup;
import java.util.List;
import java.util.Optional;

/**
 * The security lookup handed to the security service before the registry verticle has made the
 * views it reads (it makes them when deployed, before the router takes a request); until then every
 * lookup is the 503 of a node that does not serve yet.
 */
public final class SecurityLookupRelay implements SecurityLookup {

  private volatile SecurityLookup views;

  public void attach(SecurityLookup views) {
    this.views = views;
  }

  private SecurityLookup views() {
    SecurityLookup attached = views;
    if (attached == null) {
      throw EsError.statusException(503, "the registry of users, roles and API keys is not loaded yet").toException();
    }
    return attached;
  }

  @Override
  public Optional<NativeUser> user(String username) {
    return views().user(username);
  }

  @Override
  public List<NativeUser> users() {
    return views().users();
  }

  @Override
  public Optional<NativeRole> role(String name) {
    return views().role(name);
  }

  @Override
  public List<NativeRole> roles() {
    return views().roles();
  }

  @Override
  public Optional<ApiKey> apiKey(String id) {
    return views().apiKey(id);
  }

  @Override
  public List<ApiKey> apiKeys() {
    return views().apiKeys();
  }
}
