package io.infergate.secrets;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's cluster secret (and the decrypt-only ones kept during a rotation) as keys for each
 * purpose that signs with them: registry entries, events, attestation answers, demand reports. One
 * reload of the keystore replaces them all at once; each purpose's keys are derived on first use
 * after that, so no user of a purpose can be forgotten when the secret changes.
 */
public final class ClusterKeyring {

  private record Generation(byte[] secret, List<byte[]> verifyOnly, Map<String, IntegrityKeys> byPurpose) {
  }

  private volatile Generation current;

  public ClusterKeyring(byte[] clusterSecret, List<byte[]> verifyOnly) {
    replace(clusterSecret, verifyOnly);
  }

  /** The keystore was reloaded: sign with the new cluster secret, verify with it and the decrypt-only ones. */
  public void replace(byte[] clusterSecret, List<byte[]> verifyOnly) {
    current = new Generation(clusterSecret.clone(), verifyOnly.stream().map(byte[]::clone).toList(),
        new ConcurrentHashMap<>());
  }

  /** The keys of {@code purpose} under the current secrets. */
  public IntegrityKeys keys(String purpose) {
    Generation generation = current;
    return generation.byPurpose().computeIfAbsent(purpose,
        name -> IntegrityKeys.forPurpose(name, generation.secret(), generation.verifyOnly()));
  }

  /** Never prints a secret. */
  @Override
  public String toString() {
    return "ClusterKeyring";
  }
}
