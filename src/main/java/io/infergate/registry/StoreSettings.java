package io.infergate.registry;

/**
 * Where the registry is made durable: {@code h2} (an embedded file database; local nodes may share
 * it), {@code postgresql} (one server for nodes on several machines) or {@code memory} (nothing
 * survives a full-cluster stop: for throwaway nodes only).
 */
public record StoreSettings(String type, String h2Path, String jdbcUrl, String username, String password, int poolSize) {

  public boolean isDurable() {
    return !"memory".equals(type);
  }
}
