package io.infergate.secrets;

import java.nio.charset.StandardCharsets;

/**
 * The key that signs requests on the clustered registry address, derived from the cluster secret
 * with its own HKDF info: it is never the key that seals secret settings.
 */
public final class BusRequestKey {

  private static final byte[] INFO = "infergate bus requests v1".getBytes(StandardCharsets.UTF_8);
  private static final int KEY_BYTES = 32;

  private BusRequestKey() {
  }

  public static byte[] fromClusterSecret(byte[] clusterSecret) {
    if (clusterSecret == null || clusterSecret.length < SecretKeys.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("a cluster secret must have at least " + SecretKeys.MIN_SECRET_BYTES
          + " bytes");
    }
    return Hkdf.derive(new byte[0], clusterSecret, INFO, KEY_BYTES);
  }
}
