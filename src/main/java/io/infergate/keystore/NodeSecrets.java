package io.infergate.keystore;

import java.util.List;
import java.util.Optional;

/** The secure settings a node runs with, read from its keystore at start. */
public final class NodeSecrets {

  private final byte[] clusterSecret;
  private final List<byte[]> decryptOnlySecrets;
  private final String storePassword;

  public NodeSecrets(byte[] clusterSecret, List<byte[]> decryptOnlySecrets, Optional<String> storePassword) {
    this.clusterSecret = clusterSecret.clone();
    this.decryptOnlySecrets = decryptOnlySecrets.stream().map(byte[]::clone).toList();
    this.storePassword = storePassword.orElse(null);
  }

  /** Earlier cluster secrets that still open sealed values during a rotation; copies. */
  public List<byte[]> decryptOnlySecrets() {
    return decryptOnlySecrets.stream().map(byte[]::clone).toList();
  }

  /** The secret every node of the cluster shares; a copy, which the caller may wipe. */
  public byte[] clusterSecret() {
    return clusterSecret.clone();
  }

  public String clusterSecretFingerprint() {
    return Fingerprint.of(clusterSecret);
  }

  /** The durable store's password ({@code store.password}), when one is set. */
  public Optional<String> storePassword() {
    return Optional.ofNullable(storePassword);
  }

  @Override
  public String toString() {
    return "NodeSecrets[cluster.secret fingerprint " + clusterSecretFingerprint() + "]";
  }
}
