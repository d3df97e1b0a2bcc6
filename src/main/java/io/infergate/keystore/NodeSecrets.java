package io.infergate.keystore;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The secure settings a node runs with, read from its keystore at start. */
public final class NodeSecrets {

  private final byte[] clusterSecret;
  private final List<byte[]> decryptOnlySecrets;
  private final String storePassword;
  private final Map<String, String> securePasswords;

  public NodeSecrets(byte[] clusterSecret, List<byte[]> decryptOnlySecrets, Optional<String> storePassword,
      Map<String, String> securePasswords) {
    this.clusterSecret = clusterSecret.clone();
    this.decryptOnlySecrets = decryptOnlySecrets.stream().map(byte[]::clone).toList();
    this.storePassword = storePassword.orElse(null);
    this.securePasswords = Map.copyOf(securePasswords);
  }

  /**
   * The keystore's {@code *.secure_password} settings by name, such as
   * {@code http.ssl.keystore.secure_password}: passwords of files the node opens (Elasticsearch's
   * secure settings), kept out of the configuration file.
   */
  public Map<String, String> securePasswords() {
    return securePasswords;
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
