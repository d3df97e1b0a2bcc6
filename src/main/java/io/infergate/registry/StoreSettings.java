package io.infergate.registry;

/**
 * Where the registry is made durable: {@code sqlite} (an embedded file database; local nodes may
 * share it), {@code postgresql} (one server for nodes on several machines) or {@code memory}
 * (nothing survives a full-cluster stop: for throwaway nodes only).
 */
public record StoreSettings(String type, String sqlitePath, String jdbcUrl, String username, String password, int poolSize) {

  public boolean isDurable() {
    return !"memory".equals(type);
  }
}
