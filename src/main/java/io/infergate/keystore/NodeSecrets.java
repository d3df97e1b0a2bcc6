package io.infergate.keystore;

import java.util.Optional;

/** The secure settings a node runs with, read from its keystore at start. */
public final class NodeSecrets {

  private final byte[] clusterSecret;
  private final String storePassword;

  public NodeSecrets(byte[] clusterSecret, Optional<String> storePassword) {
    this.clusterSecret = clusterSecret.clone();
    this.storePassword = storePassword.orElse(null);
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
